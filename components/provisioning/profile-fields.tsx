import { Field } from '@/components/ui/field';
import { SearchableSelect } from '@/components/ui/searchable-select';

type Props = {
  values: Record<string, string | null | undefined>;
  errors: Record<string, string[]>;
  countries: { value: string; label: string }[];
  hideDisplayName?: boolean;
};

/** The profile fields shared by "New user" and the profile editor. */
export function ProfileFields({ values, errors, countries, hideDisplayName }: Props) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {hideDisplayName ? null : <Field label="Display name" name="displayName" required defaultValue={values.displayName ?? ''} errors={errors.displayName} />}
      <Field label="First name" name="givenName" defaultValue={values.givenName ?? ''} errors={errors.givenName} />
      <Field label="Last name" name="surname" defaultValue={values.surname ?? ''} errors={errors.surname} />
      <Field label="Job title" name="jobTitle" defaultValue={values.jobTitle ?? ''} errors={errors.jobTitle} />
      <Field label="Department" name="department" defaultValue={values.department ?? ''} errors={errors.department} />
      <SearchableSelect label="Usage location" name="usageLocation" options={countries} emptyLabel="Not set" defaultValue={values.usageLocation ?? ''} errors={errors.usageLocation} hint="Type a country's name or code. Licenses need it." />
    </div>
  );
}
