import { useEffect, useRef, useState, useSyncExternalStore } from "react";

import { AnnounceNote, channelName, commandForKey, readMessage, type AnnounceState, type RevealMessage, type RevealSlide } from "~/components/reveal-deck";
import { useT } from "~/utils/i18n";

type Position = { index: number; total: number; announce: AnnounceState };

/** Asks again while no presenter has answered: the presenter window may be opened (or reloaded) after this one. */
const HELLO_EVERY_MS = 2_000;
const noSubscription = () => () => undefined;

/**
 * The remote control: a second window (the laptop's own screen while the deck is on the projector) with big
 * buttons. It holds no position of its own; it shows what the presenter window reports, so either can be reloaded.
 */
export function RevealRemote({ slug, slides, programmeName }: { slug: string; slides: RevealSlide[]; programmeName: string }) {
  const t = useT();
  const [position, setPosition] = useState<Position | null>(null);
  const supported = useSyncExternalStore(noSubscription, () => typeof BroadcastChannel !== "undefined", () => true);
  const channel = useRef<BroadcastChannel | null>(null);
  const connected = position !== null;

  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const open = new BroadcastChannel(channelName(slug));
    channel.current = open;
    open.onmessage = (event: MessageEvent) => {
      const message = readMessage(event.data);
      if (message?.type === "position") setPosition({ index: message.index, total: message.total, announce: message.announce });
      else if (message?.type === "bye") setPosition(null);
    };
    open.postMessage({ type: "hello" } satisfies RevealMessage);
    return () => {
      channel.current = null;
      open.close();
    };
  }, [slug]);

  useEffect(() => {
    if (connected) return;
    const timer = window.setInterval(() => channel.current?.postMessage({ type: "hello" } satisfies RevealMessage), HELLO_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [connected]);

  const send = (command: "next" | "back" | "start") => channel.current?.postMessage({ type: "command", command } satisfies RevealMessage);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      channel.current?.postMessage({ type: "command", command } satisfies RevealMessage);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const current = position ? slides[position.index] : undefined;
  const upNext = position ? slides[position.index + 1] : undefined;
  const atEnd = position !== null && position.index >= position.total - 1;

  return (
    <div className="reveal-remote" data-testid="reveal-remote">
      <h1>
        <span className="reveal-remote-kicker">{t("reveal.remote.title")}</span>
        <span className="reveal-remote-programme">{programmeName}</span>
      </h1>
      <p className={`reveal-remote-status ${connected ? "is-connected" : "is-waiting"}`} role="status" data-testid="reveal-remote-status">
        {!supported ? t("reveal.remote.unsupported") : connected ? t("reveal.remote.connected") : t("reveal.remote.waiting")}
      </p>
      {position ? (
        <>
          <p className="reveal-remote-position" data-testid="reveal-remote-position">
            {t("reveal.counterLabel", { current: position.index + 1, total: position.total })}
          </p>
          <dl className="reveal-remote-slides">
            <div className="reveal-remote-now">
              <dt>{t("reveal.remote.now")}</dt>
              <dd data-testid="reveal-remote-now">{current?.label ?? "—"}</dd>
            </div>
            <div className="reveal-remote-next">
              <dt>{t("reveal.remote.upNext")}</dt>
              <dd data-testid="reveal-remote-next">{upNext ? upNext.label : t("reveal.remote.atEnd")}</dd>
            </div>
          </dl>
        </>
      ) : null}
      <div className="reveal-remote-buttons">
        <button type="button" className="secondary reveal-remote-back" onClick={() => send("back")} disabled={position === null || position.index === 0}>
          <span aria-hidden="true">‹</span> {t("reveal.back")}
        </button>
        <button type="button" className="reveal-remote-forward" onClick={() => send("next")} disabled={position === null || atEnd}>
          {t("reveal.next")} <span aria-hidden="true">›</span>
        </button>
      </div>
      <p>
        <button type="button" className="secondary" onClick={() => send("start")} disabled={position === null || position.index === 0}>
          {t("reveal.start")}
        </button>
      </p>
      {position && position.announce !== "off" ? <AnnounceNote state={position.announce} /> : null}
      <p className="reveal-remote-hint">{t("reveal.remote.keys")}</p>
    </div>
  );
}
