import { exportToDirectory } from './index';
(async () => {
  for (const p of process.argv.slice(2))
    console.log(await exportToDirectory(`/work/main/examples/${p}/definition.asl.json`));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
