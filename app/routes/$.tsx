import { notFound } from "~/utils/http.server";

// Unknown paths get the bilingual 404 page inside the app's layout, not a bare framework page.
export async function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
