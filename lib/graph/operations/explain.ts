import 'server-only';
import { operation, type OperationId } from '@/lib/entra/permission-catalog';
import type { GraphProblem } from './call';

const has = (p: GraphProblem, pattern: RegExp) => pattern.test(p.message);

/** The least permissions an operation needs, in words: "User.ReadWrite.All" or "A and B". */
export function neededPermission(operationId: OperationId): string {
  return (operation(operationId)?.alternatives[0] ?? []).join(' and ');
}

/**
 * A Graph failure as a plain sentence with what to do next, chosen by `code` (and, for the
 * catch-all Request_BadRequest, by its detail code first and Graph's own wording last).
 */
export function explainProblem(p: GraphProblem, operationId?: OperationId): string {
  const sentence = explainCode(p, operationId);
  return p.requestId ? `${sentence} (request-id ${p.requestId})` : sentence;
}

function explainCode(p: GraphProblem, operationId?: OperationId): string {
  if (p.code.startsWith('token.')) return `The authKey could not sign in: ${p.message} Test the key on its page.`;
  if (p.code.startsWith('network.')) return `Microsoft Graph could not be reached (${p.code.slice(8)}): ${p.message} Nothing was changed; try again.`;
  switch (p.code) {
    case 'Authorization_RequestDenied': {
      const needed = operationId ? neededPermission(operationId) : '';
      return needed
        ? `Insufficient privileges: the authKey's app needs the Microsoft Graph application permission ${needed}, with admin consent. Grant it in Azure, then test the key again.`
        : 'Insufficient privileges: the authKey’s app lacks the permission this operation needs. Grant it in Azure with admin consent, then test the key again.';
    }
    case 'Request_ResourceNotFound':
      return 'Not found: the user or group no longer exists, or Graph has not caught up with a change made seconds ago. Refresh and try again.';
    case 'InvalidAuthenticationToken':
      return 'Microsoft Graph rejected the authKey’s token. Test the key on its page.';
    case 'TooManyRequests':
      return 'Microsoft Graph is throttling this app right now. Wait a minute and try again.';
    case 'ServiceUnavailable':
    case 'GatewayTimeout':
      return 'Microsoft Graph is temporarily unavailable. Try again in a minute.';
    case 'Request_UnsupportedQuery':
      return 'Microsoft Graph cannot filter users that way. Search by the start of a name or user principal name.';
  }
  if (p.detailCodes.includes('ObjectConflict') || has(p, /same value for property userPrincipalName/i)) {
    return 'A user with this user principal name already exists. Choose another name, or find the existing user in the table.';
  }
  if (has(p, /verified domain/i)) return 'The user principal name’s domain is not one of the organization’s verified domains. Pick a domain from the list.';
  if (has(p, /password complexity/i)) return 'The password is too weak for Entra ID: use at least 8 characters from three of upper case, lower case, digits and symbols.';
  if (has(p, /invalid usage location/i)) return 'A license needs a usage location: set the user’s usage location first, then assign the license.';
  if (has(p, /does not have any available licenses/i)) return 'There are no free seats left on this license. Free a seat or buy more, then try again.';
  if (has(p, /added object references already exist/i)) return 'The user is already a member of this group.';
  if (has(p, /does not have a corresponding license/i)) return 'The user does not hold this license.';
  // status 0: refused here, before any call, with a sentence of our own.
  return p.status === 0 ? p.message : `Microsoft Graph refused the request (${p.status} ${p.code}): ${p.message}`;
}
