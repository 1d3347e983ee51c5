// Drives CSGHub's HuggingFace-compatible API with the unmodified @huggingface/hub client, as a user would.
// Run by HfHubClientEndToEndTest; also by hand:
//
//   HF_ENDPOINT=http://127.0.0.1:8080/hf HF_USER=alice HF_TOKEN=hf_... HF_OTHER_TOKEN=hf_... node hf-hub.mjs
//
// Environment:
//   HF_ENDPOINT     the hub's HF API base (…/hf); passed as hubUrl to every call
//   HF_USER         the user HF_TOKEN belongs to (the namespace repositories are created in)
//   HF_TOKEN        a write token of HF_USER
//   HF_OTHER_TOKEN  a write token of another user, who must not see HF_USER's private repositories
//                   (not needed with HF_MODE=upload-only)
//   HF_MODE         "full" (default): every step below for a public model and a private dataset, deleted at the end;
//                   "upload-only": creates one public model with README.md, hello.txt and an LFS file, prints
//                   "repo <id>", "commit <sha>" and "lfs <path> <sha256> <size>", and leaves it there
//   HF_LFS_BYTES    size of the generated LFS file (default 10.5 MiB)
//   HF_TRACE=1      log every HTTP exchange the library makes to stderr (never the Authorization header)
//
// Prints "ok <step>" per step; the first failed step throws, and the process exits with 1.
// Note: the library refuses (TypeError) any access token that does not start with "hf_".

import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import {
  HubApiError,
  createRepo,
  datasetInfo,
  deleteRepo,
  downloadFile,
  fileDownloadInfo,
  listDatasets,
  listFiles,
  listModels,
  modelInfo,
  uploadFiles,
  whoAmI,
} from "@huggingface/hub";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === "") {
    throw new Error(`environment variable ${name} is required`);
  }
  return value;
};

const hubUrl = env("HF_ENDPOINT").replace(/\/+$/, "");
const user = env("HF_USER");
const token = env("HF_TOKEN");
const mode = env("HF_MODE", "full");
const lfsBytes = Number(env("HF_LFS_BYTES", String(10 * 1024 * 1024 + 512 * 1024)));
const runId = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

if (process.env.HF_TRACE === "1") {
  traceFetch();
}

const ok = (step) => console.log(`ok ${step}`);

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
/** The git blob id of a file: what the tree API reports as oid for a file stored in git. */
const gitBlobSha1 = (bytes) =>
  createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");

async function collect(iterable) {
  const all = [];
  for await (const item of iterable) {
    all.push(item);
  }
  return all;
}

/** Runs a step; a failure is rethrown naming the step. */
async function step(name, body) {
  try {
    const result = await body();
    ok(name);
    return result;
  } catch (e) {
    const detail = e instanceof HubApiError ? ` [HTTP ${e.statusCode} ${e.url}] ${JSON.stringify(e.data)}` : "";
    const error = new Error(`step "${name}" failed: ${e.message}${detail}`, { cause: e });
    throw error;
  }
}

/** Expects the call to fail with an HTTP error whose status is one of `statuses`. */
async function expectApiError(call, statuses, what) {
  let result;
  try {
    result = await call();
  } catch (e) {
    if (e instanceof HubApiError) {
      assert.ok(statuses.includes(e.statusCode), `${what}: expected HTTP ${statuses.join("/")}, got ${e.statusCode}: ${e.message}`);
      return e;
    }
    throw new Error(`${what}: expected an HTTP ${statuses.join("/")} error, got ${e}`, { cause: e });
  }
  assert.fail(`${what}: expected HTTP ${statuses.join("/")}, but the call succeeded (${describe(result)})`);
}

function describe(value) {
  if (value instanceof Blob) {
    return `a Blob of ${value.size} bytes`;
  }
  try {
    return JSON.stringify(value)?.slice(0, 300);
  } catch {
    return String(value);
  }
}

/** The files every repository gets: README.md with a card, config.json and one LFS-sized binary. */
function makeFiles(name) {
  const readme = Buffer.from(`---\nlicense: mit\ntags:\n- e2e\n---\n# ${name}\n\nUploaded by @huggingface/hub.\n`);
  const config = Buffer.from(JSON.stringify({ model_type: "e2e", hidden_size: 8, run: runId }, null, 2) + "\n");
  const weights = randomBytes(lfsBytes);
  return [
    { path: "README.md", bytes: readme, lfs: false },
    { path: "config.json", bytes: config, lfs: false },
    { path: "weights/model.bin", bytes: weights, lfs: true },
  ];
}

const asUpload = (files) => files.map((f) => ({ path: f.path, content: new Blob([f.bytes]) }));

async function whoami() {
  await step("whoami", async () => {
    const me = await whoAmI({ accessToken: token, hubUrl });
    assert.equal(me.name, user, "whoami-v2 name");
    assert.equal(me.type, "user", "whoami-v2 type");
  });
}

/** One repository through its whole life: create, upload, list, read, guard, delete. */
async function lifecycle(type, isPrivate) {
  const other = env("HF_OTHER_TOKEN");
  const name = `hfjs-${type}-${runId}`;
  const id = `${user}/${name}`;
  const repo = { type, name: id };
  const prefix = type === "model" ? "" : `${type}s/`;
  const tag = `${type}${isPrivate ? " (private)" : ""}`;
  const files = makeFiles(name);
  const lfsFile = files.find((f) => f.lfs);
  const smallFile = files.find((f) => f.path === "config.json");

  await step(`${tag}: createRepo`, async () => {
    const created = await createRepo({ repo, private: isPrivate, accessToken: token, hubUrl });
    assert.equal(created.repoUrl, `${hubUrl}/${prefix}${id}`, "createRepo url");
  });
  await step(`${tag}: createRepo again is a conflict`, () =>
    expectApiError(() => createRepo({ repo, private: isPrivate, accessToken: token, hubUrl }), [409], "second createRepo"));

  const committed = await step(`${tag}: uploadFiles`, async () => {
    const result = await uploadFiles({ repo, files: asUpload(files), accessToken: token, hubUrl, commitTitle: "e2e upload" });
    assert.ok(result, "uploadFiles answered nothing");
    assert.match(result.commit.oid ?? "", /^[0-9a-f]{40}$/, "commitOid");
    return result.commit.oid;
  });
  await step(`${tag}: another user cannot commit`, () =>
    expectApiError(() => uploadFiles({ repo, files: asUpload([files[1]]), accessToken: other, hubUrl }),
      isPrivate ? [403, 404] : [403], "commit with the other user's token"));

  await step(`${tag}: ${type}Info sha`, async () => {
    const info = type === "model"
      ? await modelInfo({ name: id, additionalFields: ["sha"], accessToken: token, hubUrl })
      : await datasetInfo({ name: id, additionalFields: ["sha"], accessToken: token, hubUrl });
    assert.equal(info.name, id, "info id");
    assert.equal(info.private, isPrivate, "info private");
    assert.equal(info.sha, committed, "info sha is the commit uploadFiles made");
  });

  const list = type === "model" ? listModels : listDatasets;
  const listed = async (accessToken) =>
    (await collect(list({ search: { query: name }, accessToken, hubUrl }))).filter((e) => e.name === id);
  await step(`${tag}: list${type === "model" ? "Models" : "Datasets"} finds it`, async () => {
    const found = await listed(token);
    assert.equal(found.length, 1, `${id} listed once for its owner`);
    assert.equal(found[0].private, isPrivate, "listed private flag");
  });

  await step(`${tag}: listFiles`, async () => {
    const entries = await collect(listFiles({ repo, recursive: true, accessToken: token, hubUrl }));
    const byPath = new Map(entries.filter((e) => e.type === "file").map((e) => [e.path, e]));
    for (const f of files) {
      const entry = byPath.get(f.path);
      assert.ok(entry, `${f.path} missing from the tree: ${describe(entries.map((e) => e.path))}`);
      assert.equal(entry.size, f.bytes.length, `${f.path} size`);
      if (f.lfs) {
        assert.ok(entry.lfs, `${f.path} has no lfs block: ${describe(entry)}`);
        assert.equal(entry.lfs.oid, sha256(f.bytes), `${f.path} lfs.oid`);
        assert.equal(entry.lfs.size, f.bytes.length, `${f.path} lfs.size`);
      } else {
        assert.equal(entry.lfs, undefined, `${f.path} is not in LFS`);
        assert.equal(entry.oid, gitBlobSha1(f.bytes), `${f.path} oid (git blob id)`);
      }
    }
    const others = [...byPath.keys()].filter((p) => !files.some((f) => f.path === p) && p !== ".gitattributes");
    assert.deepEqual(others, [], "no other files");
  });

  await step(`${tag}: fileDownloadInfo`, async () => {
    for (const f of [lfsFile, smallFile]) {
      const info = await fileDownloadInfo({ repo, path: f.path, accessToken: token, hubUrl });
      assert.ok(info, `${f.path}: fileDownloadInfo answered null`);
      assert.equal(info.size, f.bytes.length, `${f.path} size`);
      assert.ok(info.etag, `${f.path} etag`);
    }
  });

  await step(`${tag}: downloadFile`, async () => {
    for (const f of files) {
      const blob = await downloadFile({ repo, path: f.path, accessToken: token, hubUrl });
      assert.ok(blob, `${f.path}: downloadFile answered null`);
      const bytes = Buffer.from(await blob.arrayBuffer());
      assert.equal(bytes.length, f.bytes.length, `${f.path} downloaded size`);
      assert.equal(sha256(bytes), sha256(f.bytes), `${f.path} downloaded sha256`);
    }
  });
  await step(`${tag}: downloadFile raw gives the LFS pointer`, async () => {
    const blob = await downloadFile({ repo, path: lfsFile.path, raw: true, accessToken: token, hubUrl });
    assert.ok(blob, "raw pointer answered null");
    const pointer = await blob.text();
    assert.match(pointer, /^version https:\/\/git-lfs\.github\.com\/spec\/v1\n/, "pointer version line");
    assert.ok(pointer.includes(`oid sha256:${sha256(lfsFile.bytes)}\n`), `pointer oid: ${pointer}`);
    assert.ok(pointer.includes(`size ${lfsFile.bytes.length}\n`), `pointer size: ${pointer}`);
  });
  await step(`${tag}: downloadFile of a missing path is null`, async () => {
    assert.equal(await downloadFile({ repo, path: "no/such/file.txt", accessToken: token, hubUrl }), null);
    assert.equal(await fileDownloadInfo({ repo, path: "nope.bin", accessToken: token, hubUrl }), null);
  });

  if (isPrivate) {
    for (const [who, accessToken] of [["other user", other], ["anonymous", undefined]]) {
      const denied = who === "anonymous" ? [401, 404] : [403, 404];
      await step(`${tag}: hidden from ${who}`, async () => {
        assert.deepEqual(await listed(accessToken), [], `${who} lists ${id}`);
        await expectApiError(() => datasetInfo({ name: id, accessToken, hubUrl }), denied, `${who} datasetInfo`);
        await expectApiError(() => collect(listFiles({ repo, recursive: true, accessToken, hubUrl })), denied,
          `${who} listFiles`);
        for (const f of [lfsFile, smallFile]) {
          // a 404 tagged EntryNotFound makes the library answer null; that is as good as a refusal
          let blob;
          try {
            blob = await downloadFile({ repo, path: f.path, accessToken, hubUrl });
          } catch (e) {
            assert.ok(e instanceof HubApiError && denied.includes(e.statusCode), `${who} downloadFile ${f.path}: ${e}`);
            continue;
          }
          assert.equal(blob, null, `${who} downloaded ${f.path}`);
        }
        if (accessToken) {
          // (deleteRepo always sends a Bearer header, "Bearer undefined" without a token: only tried with one)
          await expectApiError(() => deleteRepo({ repo, accessToken, hubUrl }), denied, `${who} deleteRepo`);
        }
      });
    }
  } else {
    await step(`${tag}: anonymous reads a public repository`, async () => {
      const blob = await downloadFile({ repo, path: smallFile.path, hubUrl });
      assert.ok(blob, "anonymous downloadFile answered null");
      assert.equal(sha256(Buffer.from(await blob.arrayBuffer())), sha256(smallFile.bytes));
      assert.equal((await listed(undefined)).length, 1, "anonymous listing");
    });
    await step(`${tag}: another user cannot delete it`, () =>
      expectApiError(() => deleteRepo({ repo, accessToken: other, hubUrl }), [403], "deleteRepo with the other user's token"));
  }

  await step(`${tag}: deleteRepo`, () => deleteRepo({ repo, accessToken: token, hubUrl }));
  await step(`${tag}: gone after deleteRepo`, async () => {
    await expectApiError(() => fileDownloadInfo({ repo, path: smallFile.path, accessToken: token, hubUrl }), [404],
      "fileDownloadInfo after delete");
    await expectApiError(() => collect(listFiles({ repo, recursive: true, accessToken: token, hubUrl })), [404],
      "listFiles after delete");
    assert.deepEqual(await listed(token), [], "still listed after delete");
  });
}

/** A model for the Java side to clone with git: printed as "repo", "commit" and "lfs" lines. */
async function uploadOnly() {
  const name = `hfjs-git-${runId}`;
  const id = `${user}/${name}`;
  const repo = { type: "model", name: id };
  const weights = randomBytes(lfsBytes);
  await step("upload-only: createRepo", () => createRepo({ repo, accessToken: token, hubUrl }));
  const commit = await step("upload-only: uploadFiles", async () => {
    const result = await uploadFiles({
      repo,
      accessToken: token,
      hubUrl,
      commitTitle: "Upload from huggingface.js",
      files: [
        { path: "README.md", content: new Blob([`---\nlicense: mit\ntags:\n- e2e\n---\n# ${name}\n`]) },
        { path: "hello.txt", content: new Blob(["hello from huggingface.js\n"]) },
        { path: "weights/model.bin", content: new Blob([weights]) },
      ],
    });
    assert.match(result?.commit?.oid ?? "", /^[0-9a-f]{40}$/, "commitOid");
    return result.commit.oid;
  });
  await step("upload-only: modelInfo sha", async () => {
    const info = await modelInfo({ name: id, additionalFields: ["sha"], accessToken: token, hubUrl });
    assert.equal(info.sha, commit, "modelInfo sha is the commit uploadFiles made");
  });
  console.log(`repo ${id}`);
  console.log(`commit ${commit}`);
  console.log(`lfs weights/model.bin ${sha256(weights)} ${weights.length}`);
}

/** HF_TRACE=1: every request the library makes and the response headers it reads, on stderr. */
function traceFetch() {
  const original = globalThis.fetch;
  const shown = ["content-type", "content-length", "content-range", "etag", "x-linked-etag", "x-linked-size",
    "x-error-code", "x-error-message", "x-repo-commit", "location", "link"];
  globalThis.fetch = async (input, init = {}) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = init.method ?? "GET";
    const headers = new Headers(init.headers);
    const sent = [...headers].filter(([k]) => k !== "authorization").map(([k, v]) => `${k}: ${v}`);
    sent.push(headers.has("authorization") ? "authorization: Bearer …" : "no authorization");
    console.error(`> ${method} ${url} {${sent.join("; ")}}`);
    const response = await original(input, init);
    const got = shown.filter((h) => response.headers.has(h)).map((h) => `${h}: ${response.headers.get(h)}`);
    const redirected = response.redirected ? ` (after redirect to ${response.url})` : "";
    console.error(`< ${response.status}${redirected} {${got.join("; ")}}`);
    if (!response.ok) {
      const body = await response.clone().text().catch(() => "");
      console.error(`< body: ${body.slice(0, 500)}`);
    }
    return response;
  };
}

try {
  if (!token.startsWith("hf_")) {
    throw new Error("HF_TOKEN does not start with hf_: @huggingface/hub refuses such tokens before sending anything");
  }
  await whoami();
  if (mode === "upload-only") {
    await uploadOnly();
  } else if (mode === "full") {
    await lifecycle("model", false);
    await lifecycle("dataset", true);
    ok("all");
  } else {
    throw new Error(`unknown HF_MODE ${mode}`);
  }
} catch (e) {
  console.error(`FAILED: ${e.message}`);
  if (e.cause?.stack && !(e.cause instanceof assert.AssertionError)) {
    console.error(e.cause.stack);
  }
  process.exitCode = 1;
}
