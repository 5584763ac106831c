'use client';

import { useFormStatus } from 'react-dom';
import { Button, type ButtonVariant } from './button';

/** A submit button that shows progress and cannot be pressed twice while its form is pending. */
export function SubmitButton({ children, pendingText, variant, name, value, className }: { children: React.ReactNode; pendingText?: string; variant?: ButtonVariant; name?: string; value?: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending} name={name} value={value} className={className}>
      {pending ? (pendingText ?? 'Working…') : children}
    </Button>
  );
}
