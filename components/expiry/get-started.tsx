import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

/** The home page before any authKey exists: what the portal is for, and the way in. */
export function GetStarted({ canCreate, sandboxRunning }: { canCreate: boolean; sandboxRunning: boolean }) {
  return (
    <section aria-labelledby="get-started-title" className="rounded-lg border border-blue-200 bg-blue-50 p-6 dark:border-blue-900 dark:bg-blue-950">
      <h2 id="get-started-title" className="text-xl font-semibold">
        Set up your first authKey
      </h2>
      <p className="mt-2 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
        An authKey is the Tenant ID, Client ID and Client Secret of an Entra ID app registration through which Pliant calls Microsoft Graph. This portal creates them with the least
        permissions, tests them with a real sign-in, runs user provisioning through them, and warns you before their secrets expire.
      </p>
      {canCreate ? (
        <div className="mt-4 flex flex-wrap gap-3">
          <Link href="/keys/new" className={buttonClasses('primary')}>
            Set up your first authKey
          </Link>
          {sandboxRunning ? (
            <Link href="/keys/new?cloud=sandbox" className={buttonClasses('secondary')}>
              Try it against the sandbox tenant
            </Link>
          ) : null}
        </div>
      ) : (
        <p className="mt-4 text-sm">An administrator sets up authKeys. Once there are some, their secrets appear here, soonest expiry first.</p>
      )}
      <ol className="mt-5 grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        {[
          ['Set up', 'The wizard follows the 19 steps of Pliant’s guide, with links into the Azure portal.'],
          ['Test', 'A real client-credentials sign-in shows which permissions the token carries.'],
          ['Provision', 'Create and manage users, one by one or from Entra’s bulk CSV.'],
          ['Keep alive', 'Expiry bands, alerts and guided rotation before a secret runs out.'],
        ].map(([title, text], i) => (
          <li key={title} className="rounded-md bg-white p-3 shadow-sm dark:bg-slate-900">
            <span className="font-semibold">
              {i + 1}. {title}
            </span>
            <span className="mt-1 block text-slate-600 dark:text-slate-400">{text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
