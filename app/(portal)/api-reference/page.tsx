import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Script from 'next/script';
import { PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import './swagger-overrides.css';

export const metadata: Metadata = { title: 'API reference' };

// Swagger UI renders /api/v1/openapi.json (the document generated from the handlers' own zod
// schemas). Its script carries this request's CSP nonce; nothing is loaded from another origin.
// It waits for the bundle, which may arrive before or after it (and after a client-side navigation).
// For the axe check: deep links off (they put a link inside each operation's button), no syntax
// colours (too pale on its dark code blocks), and names for the servers list (inside an empty
// label) and the dialogs' close button (an icon only), which Swagger UI leaves without one.
const INIT = `(function go(){if(!window.SwaggerUIBundle){setTimeout(go,50);return;}
var root=document.getElementById('swagger-ui');if(!root)return;
function name(el,label){if(el&&!el.hasAttribute('aria-label'))el.setAttribute('aria-label',label);}
new MutationObserver(function(){name(document.getElementById('servers'),'Server');root.querySelectorAll('.close-modal').forEach(function(b){name(b,'Close');});}).observe(root,{childList:true,subtree:true});
window.SwaggerUIBundle({url:'/api/v1/openapi.json',dom_id:'#swagger-ui',deepLinking:false,syntaxHighlight:{activated:false}});})();`;

export default async function ApiReferencePage() {
  await requirePageRole(['admin', 'operator', 'auditor'], 'page.api_reference');
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <>
      <PageHeader title="API reference" description="The automation API under /api/v1. Authenticate with an API token (administrators create them in Settings → API tokens); the same document is at /api/v1/openapi.json." />
      {/* eslint-disable-next-line @next/next/no-css-tags -- a library's stylesheet served by the portal */}
      <link rel="stylesheet" href="/api/reference-assets/swagger-ui.css" />
      <div id="swagger-ui" className="rounded-md bg-white p-2 text-slate-900">
        <p className="p-4 text-sm">Loading the API reference…</p>
      </div>
      <Script src="/api/reference-assets/swagger-ui-bundle.js" nonce={nonce} strategy="afterInteractive" />
      <Script id="swagger-init" nonce={nonce} strategy="afterInteractive">
        {INIT}
      </Script>
    </>
  );
}
