// Where to go after login: only a path inside the dashboard, never another site.
export function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith("/app/") || raw.startsWith("/app//")) return "/inbox/";
  const path = raw.slice("/app".length);
  return path.startsWith("/login") ? "/inbox/" : path;
}
