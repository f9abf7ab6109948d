const u = (m) => new URL(m, 'file://' + process.cwd() + '/').href;
const [base, ...extra] = process.argv.slice(2);
for (const m of base.split(',')) if (m) await import(u(m));
const t0 = process.cpuUsage();
for (const m of extra) await import(u(m));
const d = process.cpuUsage(t0);
console.log(extra.join(' '), ((d.user + d.system) / 1000).toFixed(0));
