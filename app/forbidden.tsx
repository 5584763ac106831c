import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

// Shown with status 403 when a page refuses the signed-in role (the refusal is audited).
export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center">
        <h1 className="text-2xl font-semibold">Not available to your role</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Your portal role does not include this page. An administrator can change your role in Settings → Accounts.</p>
        <Link href="/" className={`${buttonClasses('primary')} mt-6`}>
          Back to the dashboard
        </Link>
      </div>
    </main>
  );
}
