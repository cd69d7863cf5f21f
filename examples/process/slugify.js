#!/usr/bin/env node
// A UJM process job in Node: turns titles into URL slugs.
// The payload arrives as JSON on standard input; progress and the result go to standard output,
// one JSON object per line. The separator comes in as an argument, filled from the payload by the
// type's "args" template ("{separator}"); an empty one means "-".
const separator = process.argv[2] || "-";
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const titles = job.payload.titles;
  const slugs = titles.map((title, i) => {
    console.log(JSON.stringify({ progress: { current: i + 1, total: titles.length } }));
    return title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, separator)
      .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, "g"), "");
  });
  console.log(JSON.stringify({ result: { slugs } }));
});
