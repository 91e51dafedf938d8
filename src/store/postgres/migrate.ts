/**
 * The PostgreSQL store's schema: checking that it is Herald's (the `herald_meta` table) and applying pending
 * migrations, one migrator at a time per schema, also for a read-only store (on a short-lived read-write
 * connection, as the SQLite store does). Older versions are upgraded through the ordinary write path.
 */
import type { Client, PoolClient } from 'pg';
import { HeraldError } from '../../text/errors.js';
import { APPLICATION, LEGACY_TABLES, META_TABLE, PG_BASE, PG_SCHEMA_VERSION, pgTables, ident, type MigrationContext } from '../pg-schema.js';
import { flatten, legacyResult } from '../shape.js';
import { insert } from './write.js';

/** The schema a store is in, and where it is (for messages). */
export interface SchemaAt {
  schema: string;
  location: string;
}

/** Checks that the schema is Herald's and applies pending migrations (a read-only store's too; it never makes a new one). */
export async function upgrade(client: Client, at: SchemaAt, readonly: boolean): Promise<void> {
  const version = await readVersion(client, at);
  if (version === PG_SCHEMA_VERSION) return;
  if (version !== null && version > PG_SCHEMA_VERSION) throw newerError(at, version);
  if (version === null && readonly) {
    throw new HeraldError(
      `${at.location}: no Herald database here; create one with 'herald ingest ARTICLES --db ${at.location}', or point --db (or HERALD_DB) at yours`,
    );
  }
  await migrate(client, at);
}

function newerError(at: SchemaAt, version: number): HeraldError {
  return new HeraldError(`${at.location}: made by a newer Herald (schema ${version}, this one knows ${PG_SCHEMA_VERSION}); upgrade Herald to read it`);
}

/** The applied migrations' count, or null when the schema holds no Herald data yet. */
async function readVersion(client: Client, at: SchemaAt): Promise<number | null> {
  const meta = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${ident(at.schema)}.${META_TABLE}`]);
  if (!meta.rows[0]?.t) return null;
  const rows = await client.query<{ key: string; value: string }>(`SELECT key, value FROM ${ident(at.schema)}.${META_TABLE}`);
  const m = new Map(rows.rows.map((r) => [r.key, r.value]));
  if (m.get('application') !== APPLICATION) {
    throw new HeraldError(`${at.location}: schema ${at.schema} belongs to another program, not Herald; Herald left it untouched. Name another with ?schema=NAME`);
  }
  return Number(m.get('schema_version') ?? 0);
}

async function migrate(client: Client, at: SchemaAt): Promise<void> {
  const s = ident(at.schema);
  await client.query('BEGIN');
  try {
    // One migrator at a time per schema; the others wait here and then find the work done.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`herald-migrate:${at.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    let version = await readVersion(client, at);
    if (version === null) {
      const other = await client.query(
        `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`,
        [at.schema],
      );
      if (Number((other.rows[0] as { n: number }).n) > 0) {
        throw new HeraldError(`${at.location}: schema ${at.schema} holds another program's tables, not Herald's; Herald left it untouched. Name another with ?schema=NAME`);
      }
      await client.query(`CREATE TABLE ${s}.${META_TABLE} (key text PRIMARY KEY, value text NOT NULL)`);
      await client.query(`INSERT INTO ${s}.${META_TABLE} VALUES ('application', $1), ('schema_version', '0')`, [APPLICATION]);
      version = 0;
    }
    if (version > PG_SCHEMA_VERSION) throw newerError(at, version);
    if (version < PG_SCHEMA_VERSION) {
      const ctx: MigrationContext = { trgm: await trigramSchema(client) };
      await client.query(`SET LOCAL search_path = ${s}`);
      if (version === 0) {
        await client.query(PG_BASE);
        await client.query(pgTables(ctx));
      } else {
        await upgradeLegacy(client as unknown as PoolClient, at, ctx);
      }
      await client.query(`UPDATE ${s}.${META_TABLE} SET value = $1 WHERE key = 'schema_version'`, [String(PG_SCHEMA_VERSION)]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Versions 1 and 2 → 3, in the migration's transaction: the old tables move to a schema of their own, the
 * new ones are made, and every document is stored again from its old result blob through the ordinary write
 * path (keeping its origin, time of adding and event numbers), which fills the aggregates; then the old
 * tables go.
 */
async function upgradeLegacy(client: PoolClient, at: SchemaAt, ctx: MigrationContext): Promise<void> {
  const old = ident(`herald_upgrade_${Date.now().toString(36)}_${process.pid}`);
  await client.query(`CREATE SCHEMA ${old}`);
  for (const t of LEGACY_TABLES) await client.query(`ALTER TABLE IF EXISTS ${ident(at.schema)}.${t} SET SCHEMA ${old}`);
  await client.query(pgTables(ctx));
  let last = -1;
  for (;;) {
    const docs = await client.query<{ doc: number; text: string; result: Buffer; origin: string | null; added_at: string }>(
      `SELECT doc, text, result, origin, added_at FROM ${old}.documents WHERE doc > $1 ORDER BY doc LIMIT 200`,
      [last],
    );
    if (!docs.rows.length) break;
    const ids = await client.query<{ doc: number; event: number }>(`SELECT doc, event FROM ${old}.events WHERE doc = ANY($1::bigint[]) ORDER BY doc, event`, [
      docs.rows.map((r) => r.doc),
    ]);
    const byDoc = new Map<number, number[]>();
    for (const r of ids.rows) byDoc.set(r.doc, [...(byDoc.get(r.doc) ?? []), r.event]);
    for (const r of docs.rows) {
      last = r.doc;
      const flat = flatten(legacyResult(r), r.origin, r.added_at);
      const evs = byDoc.get(r.doc) ?? [];
      await insert(client, flat, evs.length === flat.events.length ? evs : undefined);
    }
  }
  await client.query(`SELECT setval(pg_get_serial_sequence('events', 'event'), coalesce((SELECT max(event) FROM events), 0) + 1, false)`);
  await client.query(`DROP SCHEMA ${old} CASCADE`);
}

/** Where pg_trgm lives, installing it in `public` when the user may; null where it cannot be had. */
async function trigramSchema(client: Client): Promise<string | null> {
  const find = async (): Promise<string | null> => {
    const r = await client.query<{ s: string }>("SELECT extnamespace::regnamespace::text AS s FROM pg_extension WHERE extname = 'pg_trgm'");
    return r.rows[0]?.s.replace(/^"|"$/g, '') ?? null;
  };
  const found = await find();
  if (found) return found;
  await client.query('SAVEPOINT trgm');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    await client.query('RELEASE SAVEPOINT trgm');
    return await find();
  } catch {
    // Not installed on the server, or not allowed: substring filters then scan, as in SQLite.
    await client.query('ROLLBACK TO SAVEPOINT trgm');
    return null;
  }
}
