import { Link, useFetcher, useNavigate } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";

import { CameraReader } from "~/components/camera-reader";
import { ContactCard } from "~/components/contact-card";
import { decideOffline, hashToken, newScanId, scanMessage, tokenFromPayload, type PreparedList, type QueuedScan, type ScanView } from "~/utils/door-offline";
import { keepOfflineCopy, type OfflineCopy } from "~/utils/door-offline-copy";
import { useLocale, useT, type MessageKey } from "~/utils/i18n";
import { scanTarget } from "~/utils/scan-target";
import type { ContactCardView } from "~/views/contact-card";

/**
 * One scanner, two modes. At the door (`mode="door"`, the default) it checks people in; in an attendee's hand
 * (`mode="attendee"`) it exchanges contacts and never checks anyone in. Both read codes the same three ways:
 * camera, USB scanner, typed code (ScanInputs below).
 *
 * The door scanner on a device: it asks the server while the network is up, and when it is not, decides from the
 * badge list it prepared in advance and queues the scan in localStorage. The queue is synced when the network
 * returns, every scan with its own id, so a sync sent twice counts once (ADR 008).
 */

type Discrepancy = { clientScanId: string; name: string; local: ScanView["outcome"]; server: ScanView["outcome"] };
type DoorState = { list: PreparedList | null; queue: QueuedScan[]; seen: Record<string, string>; discrepancies: Discrepancy[]; lastSyncAt: string | null };

const EMPTY: DoorState = { list: null, queue: [], seen: {}, discrepancies: [], lastSyncAt: null };
const SYNC_EVERY_MS = 10_000;
const LIST_EVERY_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 5_000;

/** One store per event, kept in memory and mirrored to localStorage so a reload keeps the queue. */
class DoorStore {
  private state: DoorState;
  private listeners = new Set<() => void>();
  private syncing = false;
  constructor(private readonly key: string) {
    this.state = EMPTY;
    try {
      const saved = window.localStorage.getItem(key);
      if (saved) this.state = { ...EMPTY, ...(JSON.parse(saved) as Partial<DoorState>) };
    } catch {
      // storage unavailable or corrupt: start empty
    }
  }
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  get = () => this.state;
  update(change: (state: DoorState) => DoorState) {
    this.state = change(this.state);
    try {
      window.localStorage.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // a full storage keeps the state in memory
    }
    this.listeners.forEach((listener) => listener());
  }
  /** Sends the queue (in parts of 500); what the server settled leaves the queue, and disagreements are kept. */
  async sync(slug: string, deviceId: string) {
    if (this.syncing || !this.state.queue.length) return;
    this.syncing = true;
    try {
      while (this.state.queue.length) {
        const part = this.state.queue.slice(0, 500);
        const response = await post(slug, deviceId, part);
        if (!response) return;
        const settled = new Map(response.results.map((result) => [result.clientScanId, result.view]));
        this.update((state) => {
          const discrepancies = [...state.discrepancies];
          const seen = { ...state.seen };
          for (const scan of part) {
            const view = settled.get(scan.clientScanId);
            if (!view) continue;
            if (view.outcome !== scan.local.outcome) {
              const person = view.person ?? scan.local.person;
              discrepancies.unshift({ clientScanId: scan.clientScanId, name: person ? `${person.nameZh} ${person.nameEn}` : scan.code.slice(0, 30), local: scan.local.outcome, server: view.outcome });
            }
            if (scan.hash && (view.outcome === "CHECKED_IN" || view.outcome === "ALREADY")) seen[scan.hash] ??= scan.scannedAt;
          }
          return { ...state, queue: state.queue.filter((scan) => !settled.has(scan.clientScanId)), seen, discrepancies: discrepancies.slice(0, 50), lastSyncAt: new Date().toISOString() };
        });
      }
    } finally {
      this.syncing = false;
    }
  }
  async refreshList(slug: string) {
    const response = await request(`/events/${slug}/scans`, { headers: { Accept: "application/json" } });
    if (!response?.ok) return;
    const list = (await response.json()) as PreparedList;
    // what this device let in and has not synced yet stays known; the rest now comes from the server's list
    this.update((state) => {
      const pending = new Set(state.queue.map((scan) => scan.hash));
      return { ...state, list, seen: Object.fromEntries(Object.entries(state.seen).filter(([hash]) => pending.has(hash))) };
    });
  }
}

const stores = new Map<string, DoorStore>();
function storeFor(slug: string) {
  let store = stores.get(slug);
  if (!store) stores.set(slug, (store = new DoorStore(`convene.door.${slug}`)));
  return store;
}

async function request(url: string, init: RequestInit) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(url, { ...init, signal: controller.signal, credentials: "same-origin" });
  } catch {
    return null; // the network is down, or too slow to wait for at a door
  } finally {
    clearTimeout(timer);
  }
}

type Settled = { results: Array<{ clientScanId: string; view: ScanView }> };
async function post(slug: string, deviceId: string, scans: Array<Pick<QueuedScan, "clientScanId" | "code" | "scannedAt">>): Promise<Settled | null> {
  const response = await request(`/events/${slug}/scans`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ deviceId, scans: scans.map(({ clientScanId, code, scannedAt }) => ({ clientScanId, code, scannedAt })) }),
  });
  return response?.ok ? ((await response.json()) as Settled) : null;
}

function subscribeOnline(listener: () => void) {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

function deviceIdOf() {
  const key = "convene.door.device";
  let id = window.localStorage.getItem(key);
  if (!id) window.localStorage.setItem(key, (id = `door-${newScanId().slice(0, 6)}`));
  return id;
}
const noop = () => () => undefined;

const TONES: Record<string, number[]> = { CHECKED_IN: [880], ALREADY: [660, 660], WRONG_EVENT: [330, 250], REVOKED: [250, 250, 250], UNKNOWN: [200] };

/** A short tone per answer, so door staff hear the result without looking: one high beep means in. */
function beep(outcome: string) {
  const AudioContext = window.AudioContext;
  if (!AudioContext) return;
  const context = new AudioContext();
  (TONES[outcome] ?? [200]).forEach((frequency, i) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(context.destination);
    oscillator.start(context.currentTime + i * 0.18);
    oscillator.stop(context.currentTime + i * 0.18 + 0.12);
  });
}

type Result = ScanView & { key: number };

function DoorModeScanner({ slug, timeZone }: { slug: string; timeZone: string }) {
  const t = useT();
  const locale = useLocale();
  const store = typeof window === "undefined" ? null : storeFor(slug);
  const state = useSyncExternalStore(store?.subscribe ?? noop, store?.get ?? (() => EMPTY), () => EMPTY);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  const deviceId = useSyncExternalStore(noop, deviceIdOf, () => "");
  const [result, setResult] = useState<Result | null>(null);
  const [offlineCopy, setOfflineCopy] = useState<OfflineCopy>("pending");
  const undo = useFetcher<{ kind: "undone"; checkInId: string }>();

  // Keep a copy of this page on the device (a service worker), so it reopens without a network; renewed on each
  // online visit, so the copy carries the latest build.
  useEffect(() => {
    if (!navigator.onLine) return;
    let current = true;
    void keepOfflineCopy().then((copy) => current && setOfflineCopy(copy));
    return () => {
      current = false;
    };
  }, []);

  // Prepare the offline list at once and every few minutes; sync the queue whenever the network is back.
  useEffect(() => {
    // `online` is true while hydrating (the server's snapshot), so the browser is asked too
    if (!store || !online || !navigator.onLine) return;
    void store.refreshList(slug).then(() => store.sync(slug, deviceIdOf()));
    const list = setInterval(() => void store.refreshList(slug), LIST_EVERY_MS);
    const sync = setInterval(() => void store.sync(slug, deviceIdOf()), SYNC_EVERY_MS);
    return () => {
      clearInterval(list);
      clearInterval(sync);
    };
  }, [store, slug, online]);

  const scan = useCallback(
    async (code: string) => {
      if (!store || !code.trim()) return;
      const clientScanId = newScanId();
      const scannedAt = new Date().toISOString();
      const token = tokenFromPayload(code);
      const hash = token && globalThis.crypto?.subtle ? await hashToken(token) : null;
      let view: ScanView | null = null;
      if (navigator.onLine) {
        const settled = await post(slug, deviceIdOf(), [{ clientScanId, code: code.slice(0, 500), scannedAt }]);
        view = settled?.results[0]?.view ?? null;
        if (view && hash && (view.outcome === "CHECKED_IN" || view.outcome === "ALREADY")) {
          store.update((state) => ({ ...state, seen: { ...state.seen, [hash]: state.seen[hash] ?? scannedAt } }));
        }
        if (view) void store.sync(slug, deviceIdOf());
      }
      if (!view) {
        const local = decideOffline(store.get().list, hash, store.get().seen, new Date(scannedAt));
        store.update((state) => ({
          ...state,
          queue: [...state.queue, { clientScanId, code: code.slice(0, 500), scannedAt, hash, local }],
          seen: hash && local.outcome === "CHECKED_IN" ? { ...state.seen, [hash]: scannedAt } : state.seen,
        }));
        view = local;
      }
      setResult({ ...view, key: Date.now() });
      beep(view.outcome);
    },
    [store, slug],
  );

  const time = (iso: string) => new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(iso));
  const undone = Boolean(result?.checkInId) && undo.data?.kind === "undone" && undo.data.checkInId === result?.checkInId;

  return (
    <>
      <div className={`door-status ${online ? "is-online" : "is-offline"}`} role="status" data-testid="door-status">
        <p>
          <strong>{online ? t("checkin.status.online") : t("checkin.status.offline")}</strong>
          {deviceId ? <span className="meta"> · {t("checkin.device", { device: deviceId })}</span> : null}
        </p>
        <p className="meta">{state.list ? t("checkin.status.list", { count: state.list.badges.length, time: time(state.list.preparedAt) }) : t("checkin.status.noList")}</p>
        {offlineCopy === "ready" || offlineCopy === "unsupported" ? (
          <p className="meta" data-testid="door-offline-copy">
            {t(offlineCopy === "ready" ? "checkin.status.offlineCopy" : "checkin.status.noOfflineCopy")}
          </p>
        ) : null}
        <p data-testid="door-queue">
          {state.queue.length ? t("checkin.status.queue", { count: state.queue.length }) : t("checkin.status.synced")}
          {state.lastSyncAt ? <span className="meta"> · {t("checkin.lastSync", { time: time(state.lastSyncAt) })}</span> : null}
        </p>
        <div className="actions">
          {state.queue.length && online ? (
            <button type="button" className="secondary" onClick={() => void store?.sync(slug, deviceId)}>
              {t("checkin.syncNow")}
            </button>
          ) : null}
          {online ? (
            <button type="button" className="secondary" onClick={() => void store?.refreshList(slug)}>
              {t("checkin.refreshList")}
            </button>
          ) : null}
        </div>
      </div>

      {result ? (
        <div key={result.key} className={`scan-result outcome-${result.outcome.toLowerCase()}`} role="status" aria-live="assertive" data-testid="scan-result">
          <p className="scan-message">{scanMessage(t, locale, result, timeZone)}</p>
          {result.ribbon ? <p className="scan-ribbon">{t(`badge.ribbon.${result.ribbon}` as "badge.ribbon.STAFF")}</p> : null}
          {result.offline ? <p className="scan-offline">{t("checkin.offline.badge")}</p> : null}
          {result.checkInId && !undone ? (
            <undo.Form method="post">
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="checkInId" value={result.checkInId} />
              <button type="submit" className="secondary" disabled={!online} title={online ? undefined : t("checkin.undoOffline")}>
                {t("checkin.undo")}
              </button>
            </undo.Form>
          ) : null}
          {undone ? <p>{t("checkin.undone")}</p> : null}
        </div>
      ) : null}

      <ScanInputs onCode={(code) => void scan(code)} label={t("checkin.code")} submitLabel={t("checkin.submit")} autoFocus />

      {state.discrepancies.length ? (
        <section className="card" aria-labelledby="door-discrepancies">
          <h2 id="door-discrepancies">{t("checkin.discrepancies")}</h2>
          <ul data-testid="door-discrepancies">
            {state.discrepancies.map((item) => (
              <li key={item.clientScanId}>{t("checkin.discrepancy", { name: item.name, local: t(`checkin.short.${item.local}`), server: t(`checkin.short.${item.server}`) })}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** The ways to read a code, shared by both modes: the camera, and a field that a USB scanner or a thumb types into. */
function ScanInputs({ onCode, label, hint, submitLabel, autoFocus = false, idleMessage }: { onCode: (code: string) => void; label: string; hint?: string; submitLabel: string; autoFocus?: boolean; idleMessage?: MessageKey }) {
  const input = useRef<HTMLInputElement>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = input.current;
    if (!field) return;
    const code = field.value;
    field.value = "";
    field.focus();
    onCode(code);
  };
  return (
    <>
      <CameraReader onCode={onCode} idleMessage={idleMessage} />

      <form method="post" className="form card" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="scan" />
        <div className="field">
          <label htmlFor="scan-code">{label}</label>
          <input
            ref={input}
            id="scan-code"
            name="code"
            type="text"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus={autoFocus}
            enterKeyHint="go"
            aria-describedby={hint ? "scan-code-hint" : undefined}
          />
          {hint ? (
            <p className="hint" id="scan-code-hint">
              {hint}
            </p>
          ) : null}
        </div>
        <div>
          <button type="submit">{submitLabel}</button>
        </div>
      </form>
    </>
  );
}

/** What the attendee scan route answers to one posted code. */
export type AttendeeScanAnswer = { kind: "scan"; outcome: string; message: string; person: ContactCardView | null };

type DoorScannerProps = { slug: string; timeZone: string; mode?: "door" } | { slug: string; mode: "attendee"; peopleHref: string };

export function DoorScanner(props: DoorScannerProps) {
  return props.mode === "attendee" ? <AttendeeScanner slug={props.slug} peopleHref={props.peopleHref} /> : <DoorModeScanner slug={props.slug} timeZone={props.timeZone} />;
}

/**
 * The attendee mode: no offline list, no queue, no check-in. A badge goes to the scan route, which answers with the
 * colleague's directory card; a poster of this site opens its page; anything else is answered here.
 */
function AttendeeScanner({ slug, peopleHref }: { slug: string; peopleHref: string }) {
  const t = useT();
  const navigate = useNavigate();
  const fetcher = useFetcher<AttendeeScanAnswer>();
  const submit = fetcher.submit;
  // what the region shows: the server's last answer, or a message decided here (with a key, so a repeat is announced)
  const [local, setLocal] = useState<{ key: number; message: MessageKey } | null>(null);

  const scan = useCallback(
    (code: string) => {
      const target = scanTarget(code.slice(0, 500), window.location.origin);
      if (target.kind === "poster") {
        setLocal({ key: Date.now(), message: "scan.openingPoster" });
        navigate(target.path);
        return;
      }
      if (target.kind !== "badge") {
        setLocal({ key: Date.now(), message: target.kind === "empty" ? "scan.outcome.EMPTY" : "scan.outcome.NOT_A_CODE" });
        return;
      }
      setLocal(null);
      submit({ intent: "scan", code: target.payload }, { method: "post", action: `/events/${slug}/scan` });
    },
    [navigate, slug, submit],
  );

  const busy = fetcher.state !== "idle";
  const answer = local ? null : fetcher.data;
  const outcome = local ? (local.message === "scan.openingPoster" ? "poster" : "not_a_code") : (answer?.outcome.toLowerCase() ?? "none");
  return (
    <>
      <div className={`contact-result outcome-${busy ? "working" : outcome}`} role="status" aria-live="polite" data-testid="contact-result">
        {busy ? (
          <p className="contact-message">{t("scan.working")}</p>
        ) : local ? (
          <p className="contact-message" key={local.key}>
            {t(local.message)}
          </p>
        ) : answer ? (
          <>
            <p className="contact-message">{answer.message}</p>
            {answer.person ? <ContactCard card={answer.person} /> : null}
          </>
        ) : null}
      </div>

      <ScanInputs onCode={scan} label={t("scan.code")} hint={t("scan.codeHint")} submitLabel={t("scan.submit")} idleMessage="scan.cameraIdle" />

      <p>
        <Link className="button secondary" to={peopleHref}>
          {t("people.link")}
        </Link>
      </p>
    </>
  );
}
