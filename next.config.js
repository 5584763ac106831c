// Hosts of the origins a reverse proxy serves the portal from (ALLOWED_ORIGINS, comma-separated
// origins); proxy.ts checks the full origins, Next's own server-action check needs the hosts.
const allowedHosts = (process.env.ALLOWED_ORIGINS || '')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean)
  .map((o) => {
    try {
      return new URL(o).host;
    } catch {
      return o;
    }
  });

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets parallel test runs (and developers) build side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // rate-limiter-flexible imports drizzle-orm at run time by a computed name, which a bundle cannot follow.
  serverExternalPackages: ['better-sqlite3', 'pg', '@node-rs/argon2', 'rate-limiter-flexible'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project once (tsc --noEmit); doing it again here costs ~20 s.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // forbidden(): a page refused to a role answers 403 with app/forbidden.tsx, not a crash.
    authInterrupts: true,
    // 2 MB is the CSV upload; ordinary forms are held to 1 MB by their zod schemas and field limits.
    serverActions: { bodySizeLimit: '2mb', allowedOrigins: allowedHosts },
  },
  // Files the proxy does not see (built assets) still get these.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
