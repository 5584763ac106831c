import Link from 'next/link';
import { NAV_ITEMS } from '@/components/shell/nav-items';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { buttonClasses } from '@/components/ui/button';
import { requireSession } from '@/lib/auth/session';
import { signOutAction } from './actions';

export const dynamic = 'force-dynamic';

const roleLabels = { admin: 'Administrator', operator: 'Operator', auditor: 'Auditor' } as const;

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireSession();
  const items = NAV_ITEMS.filter((item) => item.roles.includes(actor.role)).map(({ href, label }) => ({ href, label }));
  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white px-3 py-4 md:min-h-screen md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
        <Link href="/" className="mb-4 block px-3 text-sm font-semibold uppercase tracking-widest text-blue-700 dark:text-blue-300">
          authKey Portal
        </Link>
        <SidebarNav items={items} />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3 dark:border-slate-800 dark:bg-slate-900">
          <div className="text-right text-sm">
            <p className="font-medium" data-testid="signed-in-account">
              {actor.email}
            </p>
            <p className="text-xs text-slate-500 dark:text-slate-400">{roleLabels[actor.role]}</p>
          </div>
          <form action={signOutAction}>
            <button type="submit" className={buttonClasses('secondary')}>
              Sign out
            </button>
          </form>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
