import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

/** The way into guided rotation, for the dashboard and the key's page. */
export function RotateLink({ keyId, keyName, compact = false }: { keyId: string; keyName: string; compact?: boolean }) {
  return (
    <Link href={`/keys/${keyId}/rotate`} className={compact ? 'font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300' : buttonClasses('secondary')} aria-label={`Rotate the secret of ${keyName}`}>
      Rotate
    </Link>
  );
}
