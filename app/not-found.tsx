import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold uppercase tracking-widest text-blue-700 dark:text-blue-300">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">This page does not exist</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">The address may be mistyped, or the authKey, user or job it pointed to was deleted.</p>
        <Link href="/" className={`${buttonClasses('primary')} mt-6`}>
          Go to the dashboard
        </Link>
      </div>
    </main>
  );
}
