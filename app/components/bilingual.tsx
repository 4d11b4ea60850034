/** A name or title in both languages, Chinese first, each marked with its language; a dash when both are empty. */
export function Bilingual({ zh, en }: { zh: string; en: string }) {
  if (!zh && !en) return <span className="meta">—</span>;
  return (
    <>
      {zh ? (
        <span className="bi-zh" lang="zh-CN">
          {zh}
        </span>
      ) : null}
      {en ? (
        <span className="bi-en" lang="en">
          {en}
        </span>
      ) : null}
    </>
  );
}
