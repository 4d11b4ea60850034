import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";

import { departmentsInOrder, moveDepartment, MoveSchema } from "~/models/department.server";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUserWithPermission } from "~/utils/permissions.server";

/** The lab's departments in its official order, which admins set here; every department list follows it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "update:user");
  const locale = await resolveLocale(request, admin.locale);
  const departments = await departmentsInOrder();
  return {
    title: translate(locale, "admin.departments.title"),
    departments: departments.map((department) => ({
      id: department.id,
      code: department.code,
      name: pick(locale, department.nameZh, department.nameEn),
      otherName: locale === "zh-CN" ? department.nameEn : department.nameZh,
      kind: department.kind,
      staff: department._count.staff,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "update:user");
  const submission = parseWithZod(await request.formData(), { schema: MoveSchema });
  if (submission.status !== "success") throw badRequest("form.invalidChoice");
  const moved = await moveDepartment(admin.id, submission.value);
  if (!moved) throw notFound("admin.departments.notFound");
  // back to the row that moved, so a keyboard user keeps their place
  return redirect(`/admin/departments#department-${submission.value.departmentId}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function AdminDepartments() {
  const { departments } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state !== "idle";
  return (
    <div className="stack">
      <p className="meta">
        <Link to="/admin/users">{t("admin.users.title")}</Link>
      </p>
      <h1>{t("admin.departments.title")}</h1>
      <p>{t("admin.departments.intro")}</p>
      <ol className="department-order stack" data-testid="department-order">
        {departments.map((department, index) => (
          <li key={department.id} id={`department-${department.id}`} className="card department-row">
            <div>
              <strong>{department.name}</strong> <span className="meta">{department.otherName}</span>
              <p className="meta" style={{ margin: 0 }}>
                {t(department.kind === "RESEARCH_CENTER" ? "admin.departments.kind.RESEARCH_CENTER" : "admin.departments.kind.DEPARTMENT")} · {department.code} ·{" "}
                {t("admin.departments.staff", { count: department.staff })}
              </p>
            </div>
            <div className="department-moves">
              {(["up", "down"] as const).map((direction) => (
                <Form method="post" key={direction}>
                  <input type="hidden" name="departmentId" value={department.id} />
                  <input type="hidden" name="direction" value={direction} />
                  <button
                    type="submit"
                    className="secondary"
                    disabled={busy || (direction === "up" ? index === 0 : index === departments.length - 1)}
                    aria-label={t(direction === "up" ? "admin.departments.up" : "admin.departments.down", { name: department.name })}
                  >
                    {direction === "up" ? "↑" : "↓"}
                  </button>
                </Form>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
