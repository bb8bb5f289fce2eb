// Validates a Teams app manifest against its JSON schema with Microsoft's @microsoft/app-manifest, offline (the
// package bundles the schemas v1.0 to v1.30). Prints {ok, errors}; exits 1 when the manifest is not valid.
import { readFileSync } from "node:fs";
import { AppManifestUtils } from "@microsoft/app-manifest";

const path = process.argv[2];
const manifest = JSON.parse(readFileSync(path, "utf8"));
const errors = await AppManifestUtils.validateAgainstSchema(manifest);
process.stdout.write(JSON.stringify({ ok: errors.length === 0, errors }) + "\n");
process.exit(errors.length === 0 ? 0 : 1);
