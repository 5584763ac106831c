/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets parallel test runs (and developers) build side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project once (tsc --noEmit); doing it again here costs ~20 s.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    serverActions: { bodySizeLimit: '2mb' },
  },
};

module.exports = nextConfig;
