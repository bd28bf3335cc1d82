// Remix's <Meta /> with one addition: when the page shows a form's error summary, its title
// starts with "Error: " (the GOV.UK pattern), so a screen reader says so before anything else.
// Routes keep writing plain titles in their `meta`; this wraps their meta functions for the
// render. It is worked out from the route data (the same on the server and in the browser), so
// hydration sees the same title the server sent, and it follows client-side submissions.
import { Meta, UNSAFE_RemixContext } from "@remix-run/react";
import { useContext, useMemo, type ContextType } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router";
import { errorTitle, showsFormErrors } from "~/utils/form-errors";

type RemixContextValue = NonNullable<ContextType<typeof UNSAFE_RemixContext>>;
type RouteModules = RemixContextValue["routeModules"];
type MetaDescriptors = { title?: unknown }[];

function withErrorTitles(modules: RouteModules): RouteModules {
  const prefixed: RouteModules = {};
  for (const [id, module] of Object.entries(modules)) {
    const meta = module?.meta;
    if (!module || !meta) {
      prefixed[id] = module;
      continue;
    }
    const prefix = (descriptors: MetaDescriptors | undefined) =>
      descriptors?.map((d) => (d && "title" in d && d.title != null ? { ...d, title: errorTitle(String(d.title)) } : d));
    prefixed[id] = {
      ...module,
      meta: (typeof meta === "function" ? (args: Parameters<typeof meta>[0]) => prefix(meta(args) as MetaDescriptors) : prefix(meta as MetaDescriptors)) as typeof meta,
    };
  }
  return prefixed;
}

export function PageMeta() {
  const remix = useContext(UNSAFE_RemixContext);
  const state = useContext(UNSAFE_DataRouterStateContext);
  const leaf = state?.matches[state.matches.length - 1]?.route.id;
  const failed = showsFormErrors([...Object.values(state?.actionData ?? {}), leaf ? state?.loaderData[leaf] : undefined]);
  const value = useMemo(() => (failed && remix ? { ...remix, routeModules: withErrorTitles(remix.routeModules) } : remix), [remix, failed]);
  return (
    <UNSAFE_RemixContext.Provider value={value}>
      <Meta />
    </UNSAFE_RemixContext.Provider>
  );
}
