'use client';

import { useActionState } from 'react';
import { addGroupAction, removeGroupAction } from '@/app/(portal)/provisioning/actions';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import { RemovableList } from '@/components/provisioning/removable-list';
import { idle } from '@/lib/validation/action-state';

type Group = { id: string; displayName: string | null };
type Props = { keyId: string; userId: string; memberOf: Group[]; groups: Group[] | null; allowed: boolean; noteId?: string };

export function GroupMembership({ keyId, userId, memberOf, groups, allowed, noteId }: Props) {
  const [addState, addAction] = useActionState(addGroupAction, idle);
  const [removeState, removeAction] = useActionState(removeGroupAction, idle);
  const held = new Set(memberOf.map((g) => g.id));
  const choices = (groups ?? []).filter((g) => !held.has(g.id));
  return (
    <div className="space-y-4">
      <FormStatus state={removeState.status !== 'idle' ? removeState : addState} />
      <RemovableList
        items={memberOf.map((g) => ({ id: g.id, label: g.displayName ?? g.id }))}
        listLabel="Group memberships"
        emptyText="Not a member of any group."
        field="groupId"
        removeSuffix={(label) => ` from ${label}`}
        action={removeAction}
        keyId={keyId}
        userId={userId}
        allowed={allowed}
        noteId={noteId}
      />
      <form action={addAction} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="keyId" value={keyId} />
        <input type="hidden" name="userId" value={userId} />
        <fieldset disabled={!allowed || choices.length === 0} aria-describedby={allowed ? undefined : noteId} className="flex flex-wrap items-end gap-2">
          <Select label="Group" name="groupId" id="add-group" options={choices.map((g) => ({ value: g.id, label: g.displayName ?? g.id }))} errors={addState.fieldErrors?.groupId} />
          <SubmitButton pendingText="Adding…">Add to group</SubmitButton>
        </fieldset>
      </form>
    </div>
  );
}
