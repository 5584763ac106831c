'use client';

import Link from 'next/link';
import { tableFeatures, useTable, type ColumnDef } from '@tanstack/react-table';
import { Badge } from '@/components/ui/badge';

export type UserRow = { id: string; displayName: string | null; userPrincipalName: string; accountEnabled: boolean | null; jobTitle: string | null; department: string | null };

const features = tableFeatures({});

/**
 * One page of users as Graph returned it: filtering and paging happen on the server ($filter,
 * $top, @odata.nextLink), so the table only lays out what it was given.
 */
export function UsersTable({ keyId, users }: { keyId: string; users: UserRow[] }) {
  const columns: ColumnDef<typeof features, UserRow>[] = [
    {
      id: 'displayName',
      header: 'Name',
      accessorFn: (u) => u.displayName ?? '',
      cell: (info) => (
        <Link href={`/provisioning/${keyId}/users/${encodeURIComponent(info.row.original.id)}`} className="font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300">
          {info.row.original.displayName || info.row.original.userPrincipalName}
        </Link>
      ),
    },
    { id: 'userPrincipalName', header: 'User principal name', accessorFn: (u) => u.userPrincipalName },
    {
      id: 'accountEnabled',
      header: 'Sign-in',
      accessorFn: (u) => u.accountEnabled,
      cell: (info) => (info.row.original.accountEnabled === false ? <Badge tone="warning">Blocked</Badge> : <Badge tone="success">Allowed</Badge>),
    },
    { id: 'jobTitle', header: 'Job title', accessorFn: (u) => u.jobTitle ?? '' },
    { id: 'department', header: 'Department', accessorFn: (u) => u.department ?? '' },
  ];
  const table = useTable({ features, columns, data: users, getRowId: (u) => u.id });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className="py-2 pr-4">
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-testid={`user-row-${row.original.userPrincipalName}`}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className="py-2 pr-4 align-top">
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
