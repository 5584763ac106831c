import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSeed } from '../state/seed';
import { applicationView } from './applications';
import { COMPLEX_TYPES, ENTITY_DEFINITIONS, GROUP_PROPERTIES, USER_DEFAULT_SELECT, USER_PROPERTIES, USER_REQUIRED_ON_CREATE } from './schema';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const csdlPath = path.resolve(repoRoot, '..', 'shared', 'graph', 'csdl-v1.0-slice.json');
const present = existsSync(csdlPath);
if (!present) console.warn(`CSDL agreement test skipped: ${csdlPath} is absent.`);

interface CsdlType { baseType: string | null; properties: Array<{ name: string; kind: string; type: string }> }

/** All structural properties of a CSDL type, including those of its base types (entity → id). */
function csdlProperties(types: Record<string, CsdlType>, name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let current: string | null = name; current; ) {
    const type: CsdlType | undefined = types[current];
    if (!type) throw new Error(`CSDL has no type ${current}`);
    for (const p of type.properties) if (p.kind === 'Property' && !out.has(p.name)) out.set(p.name, p.type);
    current = type.baseType ? type.baseType.replace(/^graph\./, 'microsoft.graph.') : null;
  }
  return out;
}

describe.skipIf(!present)('sandbox definitions agree with Graph v1.0 metadata', () => {
  const types = present ? (JSON.parse(readFileSync(csdlPath, 'utf8')).types as Record<string, CsdlType>) : {};

  it.each(Object.entries(ENTITY_DEFINITIONS))('every %s property exists in the CSDL with the same type', (entity, defs) => {
    const csdl = csdlProperties(types, entity);
    for (const [name, def] of Object.entries(defs)) {
      expect(csdl.has(name), `${entity}.${name} is not in the CSDL`).toBe(true);
      expect(def.type, `${entity}.${name}`).toBe(csdl.get(name));
    }
  });

  it.each(Object.entries(COMPLEX_TYPES))('every %s property exists in the CSDL with the same type', (name, defs) => {
    const csdl = csdlProperties(types, name.replace(/^graph\./, 'microsoft.graph.'));
    for (const [property, def] of Object.entries(defs)) {
      expect(csdl.get(property), `${name}.${property}`).toBe(def.type);
    }
  });
});

describe('what the sandbox returns stays inside its own definitions', () => {
  const [contoso] = buildSeed(new Date());

  it('seeded users, groups and applications use only defined properties', () => {
    for (const user of contoso.users.values()) {
      for (const key of Object.keys(user.data)) expect(USER_PROPERTIES[key], `user.${key}`).toBeDefined();
    }
    for (const group of contoso.groups.values()) {
      for (const key of Object.keys(group.data)) expect(GROUP_PROPERTIES[key], `group.${key}`).toBeDefined();
    }
    for (const app of contoso.apps.values()) {
      for (const key of Object.keys(applicationView(contoso, app))) expect(ENTITY_DEFINITIONS['microsoft.graph.application'][key], `application.${key}`).toBeDefined();
    }
  });

  it('the default $select and the required create properties are defined and writable where needed', () => {
    for (const key of USER_DEFAULT_SELECT) expect(USER_PROPERTIES[key]).toBeDefined();
    for (const key of USER_REQUIRED_ON_CREATE) expect(USER_PROPERTIES[key]?.writable).toBe(true);
  });
});
