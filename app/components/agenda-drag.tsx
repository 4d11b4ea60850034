import { useId, useState, useSyncExternalStore, type KeyboardEvent, type PointerEvent } from "react";

import { useT } from "~/utils/i18n";

/** Pointer travel for one five-minute step. */
const STEP_PX = 12;
const STEP_MINUTES = 5;

type Change = { shift: number; stretch: number };

/**
 * The JavaScript layer over the builder's plain five-minute buttons: drag the handle up or down to move an item,
 * drag the grip to change its end, or use arrow keys on the handle (Shift for the end). It only ever submits the
 * same move the buttons do, with a number of minutes; it renders nothing until hydrated. While a move is being
 * saved it ignores input but stays enabled, because a disabled button would drop keyboard focus.
 */
export function AgendaDrag({ title, onChange, disabled }: { title: string; onChange: (change: Change) => void; disabled: boolean }) {
  const t = useT();
  // True only in the browser after hydration: the server renders the plain buttons alone.
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  const hintId = useId();
  const [drag, setDrag] = useState<{ kind: keyof Change; startY: number; minutes: number } | null>(null);
  if (!hydrated) return null;

  const stepsFrom = (startY: number, clientY: number) => Math.round((clientY - startY) / STEP_PX) * STEP_MINUTES;
  const start = (kind: keyof Change) => (event: PointerEvent<HTMLButtonElement>) => {
    if (disabled) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ kind, startY: event.clientY, minutes: 0 });
  };
  const move = (event: PointerEvent<HTMLButtonElement>) => {
    if (drag) setDrag({ ...drag, minutes: stepsFrom(drag.startY, event.clientY) });
  };
  const end = (event: PointerEvent<HTMLButtonElement>) => {
    if (!drag) return;
    const minutes = stepsFrom(drag.startY, event.clientY);
    setDrag(null);
    if (minutes !== 0) onChange({ shift: drag.kind === "shift" ? minutes : 0, stretch: drag.kind === "stretch" ? minutes : 0 });
  };
  const keys = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (disabled || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const minutes = event.key === "ArrowUp" ? -STEP_MINUTES : STEP_MINUTES;
    onChange(event.shiftKey ? { shift: 0, stretch: minutes } : { shift: minutes, stretch: 0 });
  };
  const pointer = { onPointerMove: move, onPointerUp: end, onPointerCancel: end };
  return (
    <div className="agenda-drag">
      <span className="visually-hidden" id={hintId}>
        {t("agenda.builder.dragHint")}
      </span>
      <button type="button" className="drag-handle" aria-label={t("agenda.builder.drag", { title })} aria-describedby={hintId} onPointerDown={start("shift")} onKeyDown={keys} aria-disabled={disabled || undefined} data-testid="drag-move" {...pointer}>
        ⇕
      </button>
      <button type="button" className="drag-grip" aria-label={t("agenda.builder.resize", { title })} onPointerDown={start("stretch")} aria-disabled={disabled || undefined} tabIndex={-1} data-testid="drag-resize" {...pointer}>
        ═
      </button>
      {drag && drag.minutes !== 0 ? (
        <span className="drag-preview" aria-live="polite">
          {t("agenda.builder.dragPreview", { minutes: drag.minutes > 0 ? `+${drag.minutes}` : String(drag.minutes) })}
        </span>
      ) : null}
    </div>
  );
}
