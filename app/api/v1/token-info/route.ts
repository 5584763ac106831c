import { handlersFor } from '@/lib/api/registry';

export const dynamic = 'force-dynamic';

// The handlers, their schemas and their OpenAPI description live in lib/api/routes.
export const { GET } = handlersFor('/token-info');
