import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { listUsers, RolesSchema, setUserRoles } from "~/models/user.server";
import { forbidden, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUserWithPermission, userCan } from "~/utils/permissions.server";
import { ROLE_NAMES } from "~/utils/role-matrix";

const SearchSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "read:role");
  const locale = await resolveLocale(request, admin.locale);
  const url = new URL(request.url);
  const { q, page } = SearchSchema.parse({ q: url.searchParams.get("q") ?? "", page: url.searchParams.get("page") ?? 1 });
  const { users, total, pageCount } = await listUsers({ query: q, page });
  return {
    title: translate(locale, "admin.users.title"),
    canCreate: await userCan(admin, "create:user"),
    canReorder: await userCan(admin, "update:user"),
    q,
    page,
    pageCount,
    total,
    users: users.map((user) => ({
      id: user.id,
      email: user.email,
      name: pick(locale, user.nameZh, user.nameEn),
      otherName: locale === "zh-CN" ? user.nameEn : user.nameZh,
      kind: user.kind,
      employeeNo: user.profile?.employeeNo ?? null,
      department: user.profile?.department ? pick(locale, user.profile.department.nameZh, user.profile.department.nameEn) : null,
      roles: user.roles.map((role) => role.name),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "update:role");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: RolesSchema });
  if (submission.status !== "success") return data({ error: "form.invalidChoice" as const, userId: null }, { status: 400 });
  const { userId, roles } = submission.value;
  const result = await setUserRoles(admin.id, userId, roles);
  if (!result.ok && result.reason === "not-found") throw notFound();
  if (!result.ok) throw forbidden("admin.users.selfDemotion");
  const back = formData.get("back");
  return redirect(typeof back === "string" && back.startsWith("/admin/users") ? back : "/admin/users");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function AdminUsers() {
  const { users, q, page, pageCount, total, canCreate, canReorder } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const back = `/admin/users?${searchParams}`;
  const pageLink = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <div className="stack">
      <h1>{t("admin.users.title")}</h1>
      <p className="event-actions">
        {canCreate ? (
          <Link to="/admin/users/new" className="button secondary">
            {t("admin.users.new.link")}
          </Link>
        ) : null}{" "}
        {canReorder ? (
          <Link to="/admin/departments" className="button secondary">
            {t("admin.departments.link")}
          </Link>
        ) : null}
      </p>
      <Form method="get" role="search" className="form-row" style={{ alignItems: "end", maxWidth: "40rem" }}>
        <div className="field">
          <label htmlFor="user-search">{t("admin.users.search")}</label>
          <input id="user-search" type="search" name="q" defaultValue={q} />
        </div>
        <div>
          <button type="submit">{t("common.search")}</button>
        </div>
      </Form>
      {actionData?.error && isMessageKey(actionData.error) ? (
        <div className="alert error" role="alert">
          {t(actionData.error)}
        </div>
      ) : null}
      <p className="meta" aria-live="polite">
        {t("admin.users.count", { count: total })}
      </p>
      <div className="table-wrap">
        <table className="stacked">
          <thead>
            <tr>
              <th scope="col">{t("admin.users.name")}</th>
              <th scope="col">{t("admin.users.department")}</th>
              <th scope="col">{t("admin.users.roles")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <strong>{user.name}</strong>
                  <div className="meta">{user.otherName}</div>
                  <div className="meta">{user.email}</div>
                  {user.employeeNo ? <div className="meta">{user.employeeNo}</div> : null}
                </td>
                <td data-label={t("admin.users.department")}>{user.department ?? (user.kind === "GUEST" ? t("admin.users.guest") : t("common.none"))}</td>
                <td data-label={t("admin.users.roles")}>
                  <Form method="post">
                    <input type="hidden" name="userId" value={user.id} />
                    <input type="hidden" name="back" value={back} />
                    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                      <legend className="visually-hidden">{t("admin.users.rolesFor", { name: user.name })}</legend>
                      <div className="checkbox-row">
                        {ROLE_NAMES.map((role) => (
                          <label key={role}>
                            <input type="checkbox" name="roles" value={role} defaultChecked={user.roles.includes(role)} />
                            {t(`role.${role}`)}
                          </label>
                        ))}
                      </div>
                    </fieldset>
                    <button type="submit" className="secondary" aria-label={t("admin.users.saveFor", { name: user.name })}>
                      {t("form.save")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pageCount > 1 ? (
        <nav className="pager" aria-label={t("common.pagination")}>
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("common.previous")}</Link> : null}
          <span>{t("common.pageOf", { page, count: pageCount })}</span>
          {page < pageCount ? <Link to={pageLink(page + 1)}>{t("common.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
