import pg from "pg";

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

/**
 * A pg pool whose row descriptions report the `name` type as `text`.
 * @prisma/adapter-pg 6.19 has no mapping for `name`, which Prisma's migration
 * engine meets when it reads the catalog; text is what that column holds.
 */
export function poolReadingNameAsText(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on("connect", (client) => {
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.prependListener("rowDescription", (msg: { fields: { dataTypeID: number }[] }) => {
      for (const field of msg.fields) if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
    });
  });
  return pool;
}
