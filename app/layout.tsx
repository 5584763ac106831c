import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'authKey Portal', template: '%s · authKey Portal' },
  description: 'Create, test, use and keep alive the Entra ID authKeys that Pliant uses to call Microsoft Graph.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so each carries the request's CSP nonce (a page
  // pre-rendered at build time, such as the 404, would have scripts the CSP blocks).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        {children}
      </body>
    </html>
  );
}
