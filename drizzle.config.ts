import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './cti/infra/db/schema.ts',
  out: './migrations',
});
