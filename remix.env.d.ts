/// <reference types="@remix-run/dev" />
import "@remix-run/node";

// With v3_singleFetch, loader and action types infer through `data()` and plain objects.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
