// The dashboard is exported to static files (frontend/out) that FastAPI serves under /app.
// `npm run dev` serves it on :3000 and forwards the API and the socket to `make run`'s server.
const backend = process.env.SALESBOT_API ?? "http://127.0.0.1:8000";
const production = process.env.NODE_ENV === "production";

/** @type {import('next').NextConfig} */
const config = {
  basePath: "/app",
  trailingSlash: true,
  reactStrictMode: true,
  images: { unoptimized: true },
  ...(production
    ? { output: "export" }
    : {
        async rewrites() {
          return [
            { source: "/api/:path*", destination: `${backend}/api/:path*`, basePath: false },
            { source: "/socket.io/:path*", destination: `${backend}/socket.io/:path*`, basePath: false },
          ];
        },
      }),
};

export default config;
