import { startTransition, useCallback, useEffect, useRef, useState, useSyncExternalStore, type CSSProperties, type MouseEvent } from "react";

import { translate, useT, type MessageKey } from "~/utils/i18n";

/**
 * The ceremony's big screen. The loader hands over the whole deck, so presenting is client-side state only: no
 * request is made while stepping, and the hall's network may drop at any time. A second window (the remote) drives
 * it over a BroadcastChannel, and the position survives a reload in sessionStorage.
 */

export type RevealName = { zh: string; en: string };
export type RevealMember = RevealName & { lead: boolean };
export type RevealRecipient = { kind: "INDIVIDUAL" | "TEAM" | "DEPARTMENT"; name: RevealName; department: RevealName | null; members: RevealMember[] };
type SlideBase = { id: string; label: string };
export type RevealSlide =
  | (SlideBase & { kind: "title"; programme: RevealName; event: RevealName | null })
  | (SlideBase & { kind: "category"; category: RevealName; level: RevealName })
  | (SlideBase & { kind: "award"; category: RevealName; level: RevealName; recipients: RevealRecipient[]; citation: RevealName; photoUrl: string | null })
  | (SlideBase & { kind: "end"; programme: RevealName });

export type AnnounceState = "off" | "idle" | "sending" | "pending" | "done" | "refused";
type Command = "next" | "back" | "start";
export type RevealMessage =
  | { type: "hello" }
  | { type: "bye" }
  | { type: "command"; command: Command }
  | { type: "position"; index: number; total: number; announce: AnnounceState };

export const channelName = (slug: string) => `convene-reveal-${slug}`;

/** Messages come from any window of this origin; anything not shaped like ours is ignored. */
export function readMessage(value: unknown): RevealMessage | null {
  if (!value || typeof value !== "object") return null;
  const message = value as Record<string, unknown>;
  if (message.type === "hello" || message.type === "bye") return { type: message.type };
  if (message.type === "command" && (message.command === "next" || message.command === "back" || message.command === "start")) return { type: "command", command: message.command };
  if (message.type === "position" && Number.isInteger(message.index) && Number.isInteger(message.total) && typeof message.announce === "string") {
    return { type: "position", index: message.index as number, total: message.total as number, announce: message.announce as AnnounceState };
  }
  return null;
}

/** Which command a key means, for the presenter and the remote alike; presenter clickers send PageDown/PageUp. */
export function commandForKey(event: KeyboardEvent): Command | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  const target = event.target instanceof Element ? event.target : null;
  // On a focused button or link, Space and Enter keep their own meaning (press it).
  const onControl = Boolean(target?.closest("a, button, input, select, textarea, summary"));
  switch (event.key) {
    case "ArrowRight":
    case "ArrowDown":
    case "PageDown":
      return "next";
    case " ":
    case "Enter":
      return onControl ? null : "next";
    case "ArrowLeft":
    case "ArrowUp":
    case "PageUp":
    case "Backspace":
      return onControl && event.key === "Backspace" ? null : "back";
    case "Home":
      return "start";
    default:
      return null;
  }
}

const storageKey = (slug: string) => `convene.reveal.${slug}`;

type Saved = { id: string; index: number };

function readSaved(slug: string): Saved | null {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(storageKey(slug)) ?? "null") as unknown;
    if (saved && typeof saved === "object" && "index" in saved && Number.isInteger(saved.index)) {
      return { id: "id" in saved && typeof saved.id === "string" ? saved.id : "", index: saved.index as number };
    }
  } catch {
    // storage disabled or garbage in it: start from the beginning
  }
  return null;
}

function writeSaved(slug: string, saved: Saved) {
  try {
    window.sessionStorage.setItem(storageKey(slug), JSON.stringify(saved));
  } catch {
    // a private window may refuse storage; the deck still works, it just won't resume after a reload
  }
}

/** The saved slide by its id (the deck may have been edited since), else by its number, kept within the deck. */
export function indexIn(slides: Array<{ id: string }>, saved: Saved) {
  const byId = saved.id ? slides.findIndex((slide) => slide.id === saved.id) : -1;
  return byId >= 0 ? byId : Math.max(0, Math.min(slides.length - 1, saved.index));
}

const RETRY_MS = 15_000;
const REQUEST_TIMEOUT_MS = 10_000;

type DeckSnapshot = Saved & { announce: AnnounceState };
const START: DeckSnapshot = { id: "", index: 0, announce: "idle" };

/**
 * The presenter's position and the announcement, outside React: commands arrive from keys, clicks and the remote
 * window alike, and the position is written to sessionStorage as it changes, so a reload resumes where it was.
 */
class DeckStore {
  private listeners = new Set<() => void>();
  private snapshot: DeckSnapshot | null = null;
  private stopRetrying: (() => void) | null = null;

  constructor(private readonly slug: string) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  get = (): DeckSnapshot => {
    if (!this.snapshot) {
      const saved = readSaved(this.slug);
      this.snapshot = saved ? { ...START, ...saved } : START;
    }
    return this.snapshot;
  };

  private update(patch: Partial<DeckSnapshot>) {
    this.snapshot = { ...this.get(), ...patch };
    this.listeners.forEach((listener) => listener());
  }

  go(slides: RevealSlide[], to: number) {
    const index = Math.max(0, Math.min(slides.length - 1, to));
    const saved = { id: slides[index]?.id ?? "", index };
    writeSaved(this.slug, saved);
    this.update(saved);
  }

  run(slides: RevealSlide[], command: Command) {
    const current = indexIn(slides, this.get());
    this.go(slides, command === "start" ? 0 : current + (command === "next" ? 1 : -1));
  }

  /**
   * "Announce as revealed": the last slide posts the announcement once. A plain fetch rather than a fetcher,
   * because a fetcher's network failure replaces the page with the error boundary, and the deck must stay on
   * screen. Until the server has answered, the note stays up and the post is retried when the browser is back
   * online, and every few seconds (a hall's Wi-Fi can be "online" with no route to the server).
   */
  announce = async () => {
    if (this.get().announce !== "idle" && this.get().announce !== "pending") return;
    this.update({ announce: "sending" });
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let state: AnnounceState;
    try {
      const response = await fetch(window.location.pathname, {
        method: "POST",
        body: new URLSearchParams({ intent: "announce" }),
        credentials: "same-origin",
        signal: controller.signal,
      });
      // 4xx is the server's considered answer (not allowed, not chosen): asking again would not change it
      state = response.ok ? "done" : response.status < 500 ? "refused" : "pending";
    } catch {
      state = "pending";
    } finally {
      window.clearTimeout(timer);
    }
    this.update({ announce: state });
    if (state === "pending" && !this.stopRetrying) {
      const retry = () => void this.announce();
      const interval = window.setInterval(retry, RETRY_MS);
      window.addEventListener("online", retry);
      this.stopRetrying = () => {
        window.clearInterval(interval);
        window.removeEventListener("online", retry);
      };
    } else if (state !== "pending") {
      this.stopRetrying?.();
      this.stopRetrying = null;
    }
  };
}

const stores = new Map<string, DeckStore>();
function storeFor(slug: string) {
  let store = stores.get(slug);
  if (!store) stores.set(slug, (store = new DeckStore(slug)));
  return store;
}

/**
 * The store's snapshot as React state, updated in a transition. Not useSyncExternalStore: its updates are
 * synchronous, and a synchronous update in the moment after hydration (a presenter pressing → as the page appears)
 * can hit React 18's "Root did not complete" (#345) while Remix's streamed script boundaries are still hydrating.
 */
function useDeckSnapshot(store: DeckStore | null) {
  const [snapshot, setSnapshot] = useState(START);
  useEffect(() => {
    if (!store) return;
    const unsubscribe = store.subscribe(() => startTransition(() => setSnapshot(store.get())));
    // the saved position (a reload mid-ceremony) comes in once hydrated, so hydration sees what the server rendered
    startTransition(() => setSnapshot(store.get()));
    return unsubscribe;
  }, [store]);
  return snapshot;
}

const noSubscription = () => () => undefined;

function subscribeFullscreen(listener: () => void) {
  document.addEventListener("fullscreenchange", listener);
  return () => document.removeEventListener("fullscreenchange", listener);
}

const ANNOUNCE_NOTE: Partial<Record<AnnounceState, MessageKey>> = {
  sending: "reveal.announce.sending",
  pending: "reveal.announce.pending",
  done: "reveal.announce.done",
  refused: "reveal.announce.refused",
};

export function AnnounceNote({ state }: { state: AnnounceState }) {
  const t = useT();
  const key = ANNOUNCE_NOTE[state];
  return (
    <p className={`reveal-announce is-${state}`} role="status" data-testid="reveal-announce">
      {key ? t(key) : null}
    </p>
  );
}

/** What reaching the last slide does: announce the winners, nothing (the usual), or nothing since they are public. */
export type AnnounceMode = "on-finish" | "never" | "announced";
const MODE_HINT: Record<AnnounceMode, MessageKey> = {
  "on-finish": "reveal.willAnnounce",
  never: "reveal.staysEmbargoed",
  announced: "reveal.alreadyAnnounced",
};

export function RevealDeck({ slug, slides, announceMode, leaveHref }: { slug: string; slides: RevealSlide[]; announceMode: AnnounceMode; leaveHref: string }) {
  const t = useT();
  const store = typeof window === "undefined" ? null : storeFor(slug);
  const snapshot = useDeckSnapshot(store);
  const fullscreen = useSyncExternalStore(subscribeFullscreen, () => Boolean(document.fullscreenElement), () => false);
  // the buttons do nothing until the page's script runs, so they say so until then
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const stage = useRef<HTMLDivElement>(null);
  const last = slides.length - 1;
  const index = indexIn(slides, snapshot);
  const slide = slides[index]!;
  const announce: AnnounceState = announceMode === "on-finish" ? snapshot.announce : "off";

  // The remote window sends commands; this window answers with where it is, on every change and when asked.
  useEffect(() => {
    if (!store || typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(channelName(slug));
    const post = (message: RevealMessage) => channel.postMessage(message);
    const position = () => {
      const now = store.get();
      post({ type: "position", index: indexIn(slides, now), total: slides.length, announce: announceMode === "on-finish" ? now.announce : "off" });
    };
    channel.onmessage = (event: MessageEvent) => {
      const message = readMessage(event.data);
      if (message?.type === "command") store.run(slides, message.command);
      else if (message?.type === "hello") position();
    };
    const unsubscribe = store.subscribe(position);
    position();
    const bye = () => post({ type: "bye" });
    window.addEventListener("pagehide", bye);
    return () => {
      window.removeEventListener("pagehide", bye);
      unsubscribe();
      channel.close();
    };
  }, [store, slug, slides, announceMode]);

  useEffect(() => {
    if (announceMode === "on-finish" && index === last) void store?.announce();
  }, [store, announceMode, index, last]);

  const toggleFullscreen = useCallback(() => {
    // Browsers may refuse (no user gesture, an iframe, a kiosk policy); the deck works the same in a window.
    const request = document.fullscreenElement ? document.exitFullscreen?.() : document.documentElement.requestFullscreen?.();
    void request?.catch(() => undefined);
    stage.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    if (!store) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.key === "f" || event.key === "F") && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        toggleFullscreen();
        return;
      }
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      store.run(slides, command);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, slides, toggleFullscreen]);

  // Photos load now, while the network is there; by their slide the hall may be offline.
  useEffect(() => {
    const images = slides.flatMap((s) => (s.kind === "award" && s.photoUrl ? [s.photoUrl] : [])).map((src) => Object.assign(new Image(), { src }));
    return () => images.forEach((image) => image.removeAttribute("src"));
  }, [slides]);

  const run = (command: Command) => store?.run(slides, command);
  const onStageClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.button !== 0 || (event.target instanceof Element && event.target.closest("a, button"))) return;
    run("next");
  };
  const openRemote = (event: MouseEvent<HTMLAnchorElement>) => {
    const opened = window.open(event.currentTarget.href, `convene-reveal-remote-${slug}`, "popup=yes,width=480,height=860");
    if (opened) event.preventDefault(); // a blocked popup falls back to the link's own new tab
  };

  return (
    <div className={`reveal${fullscreen ? " is-fullscreen" : ""}`} data-testid="reveal-deck" data-slide={slide.kind} data-index={index}>
      {/* a click anywhere on the slide steps on; the keys for the same are handled on the window */}
      <div ref={stage} className="reveal-stage" tabIndex={-1} onClick={onStageClick} aria-live="polite" aria-atomic="true" data-testid="reveal-stage">
        <Slide key={slide.id} slide={slide} />
      </div>
      <div className="reveal-controls">
        <div className="reveal-controls-main">
          <button type="button" className="reveal-control" onClick={() => run("back")} disabled={!hydrated || index === 0}>
            <span aria-hidden="true">‹</span> {t("reveal.back")}
          </button>
          <p className="reveal-counter" data-testid="reveal-counter">
            <span className="visually-hidden">{t("reveal.counterLabel", { current: index + 1, total: slides.length })}</span>
            <span aria-hidden="true">
              {index + 1} / {slides.length}
            </span>
          </p>
          <button type="button" className="reveal-control" onClick={() => run("next")} disabled={!hydrated || index === last}>
            {t("reveal.next")} <span aria-hidden="true">›</span>
          </button>
        </div>
        <div className="reveal-controls-more">
          <button type="button" className="reveal-control" onClick={toggleFullscreen} disabled={!hydrated}>
            {t(fullscreen ? "reveal.exitFullscreen" : "reveal.fullscreen")}
          </button>
          <a className="reveal-control" href="?remote=1" target="_blank" rel="noreferrer" onClick={openRemote}>
            {t("reveal.openRemote")}
            <span className="visually-hidden"> {t("reveal.newWindow")}</span>
          </a>
          <a className="reveal-control" href={leaveHref}>
            {t("reveal.leave")}
          </a>
        </div>
        <div className="reveal-hints">
          <p className="reveal-hint">{t("reveal.keys")}</p>
          <p className="reveal-hint" data-testid="reveal-mode">
            {t(MODE_HINT[announceMode])}
          </p>
        </div>
        {announce !== "off" ? <AnnounceNote state={announce} /> : null}
      </div>
    </div>
  );
}

/** Both languages on every slide: Chinese large, English beneath it. */
function Both({ name, className, as: Tag = "p" }: { name: RevealName; className: string; as?: "p" | "h2" }) {
  return (
    <Tag className={className}>
      {name.zh ? (
        <span className="reveal-zh" lang="zh-CN">
          {name.zh}
        </span>
      ) : null}
      {name.en && name.en !== name.zh ? (
        <span className="reveal-en" lang="en">
          {name.en}
        </span>
      ) : null}
    </Tag>
  );
}

const joinLevel = (category: RevealName, level: RevealName): RevealName => ({
  zh: [category.zh, level.zh].filter(Boolean).join(" · "),
  en: [category.en, level.en].filter(Boolean).join(" · "),
});

/** Long Chinese names (team names run to fourteen characters) shrink so that they still fit on one line. */
const fit = (text: string): CSSProperties => ({ ["--chars" as string]: Math.max(4, [...text].length) });

const bilingual = (key: MessageKey): RevealName => ({ zh: translate("zh-CN", key), en: translate("en", key) });

export function Slide({ slide }: { slide: RevealSlide }) {
  switch (slide.kind) {
    case "title":
      return (
        <div className="reveal-slide reveal-title" data-testid="reveal-slide">
          <h2 className="reveal-programme">
            <span className="reveal-zh" lang="zh-CN" style={fit(slide.programme.zh)}>
              {slide.programme.zh}
            </span>
            <span className="reveal-en" lang="en">
              {slide.programme.en}
            </span>
          </h2>
          {slide.event ? <Both name={slide.event} className="reveal-event" /> : null}
        </div>
      );
    case "category":
      return (
        <div className="reveal-slide reveal-category" data-testid="reveal-slide">
          <h2 className="reveal-category-name">
            <span className="reveal-zh" lang="zh-CN">
              {slide.category.zh}
            </span>
            {slide.level.zh ? (
              <span className="reveal-level" lang="zh-CN">
                {slide.level.zh}
              </span>
            ) : null}
            <span className="reveal-en" lang="en">
              {[slide.category.en, slide.level.en].filter(Boolean).join(" · ")}
            </span>
          </h2>
        </div>
      );
    case "award":
      return (
        <div className={`reveal-slide reveal-award${slide.photoUrl ? " has-photo" : ""}${slide.recipients.length > 1 ? " is-shared" : ""}`} data-testid="reveal-slide">
          <Both name={joinLevel(slide.category, slide.level)} className="reveal-award-category" />
          <div className="reveal-award-body">
            <div className="reveal-recipients">
              {slide.recipients.map((recipient, i) => (
                <Recipient key={i} recipient={recipient} />
              ))}
            </div>
            {slide.photoUrl ? <img className="reveal-photo" src={slide.photoUrl} alt="" /> : null}
          </div>
          {slide.citation.zh || slide.citation.en ? <Both name={slide.citation} className="reveal-citation" /> : null}
        </div>
      );
    case "end":
      return (
        <div className="reveal-slide reveal-end" data-testid="reveal-slide">
          <Both name={bilingual("reveal.end")} className="reveal-end-message" as="h2" />
          <Both name={slide.programme} className="reveal-event" />
        </div>
      );
  }
}

function Recipient({ recipient }: { recipient: RevealRecipient }) {
  const lead = bilingual("reveal.lead");
  return (
    <div className={`reveal-recipient is-${recipient.kind.toLowerCase()}`}>
      <h2 className="reveal-winner">
        <span className="reveal-zh" lang="zh-CN" style={fit(recipient.name.zh)}>
          {recipient.name.zh}
        </span>
        {recipient.name.en && recipient.name.en !== recipient.name.zh ? (
          <span className="reveal-en" lang="en">
            {recipient.name.en}
          </span>
        ) : null}
      </h2>
      {recipient.department ? <Both name={recipient.department} className="reveal-department" /> : null}
      {recipient.members.length ? (
        <ul className="reveal-members" aria-label={`${translate("zh-CN", "reveal.members")} ${translate("en", "reveal.members")}`}>
          {recipient.members.map((member, i) => (
            <li key={i} className={member.lead ? "is-lead" : undefined}>
              <span className="reveal-zh" lang="zh-CN">
                {member.zh}
              </span>{" "}
              <span className="reveal-en" lang="en">
                {member.en}
              </span>
              {member.lead ? (
                <span className="reveal-lead">
                  <span lang="zh-CN">{lead.zh}</span> <span lang="en">{lead.en}</span>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
