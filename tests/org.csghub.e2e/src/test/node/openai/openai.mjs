// Drives CSGHub's OpenAI-compatible gateway with the unmodified openai client, as a user would.
// Run by GatewayEndToEndTest; also by hand:
//
//   OPENAI_BASE_URL=http://127.0.0.1:8080/v1 OPENAI_API_KEY=csg_... MODEL=alice/tiny OTHER_KEY=csg_... node openai.mjs
//
// Environment:
//   OPENAI_BASE_URL  the gateway (…/v1)
//   OPENAI_API_KEY   an inference key that may use MODEL
//   MODEL            the model id to call
//   OTHER_KEY        an inference key of another user, who must not see MODEL (optional)
//
// Prints one JSON object on stdout with what the client saw in each step; exits with 1 when a step throws.
// The client retries nothing (maxRetries 0), so every request the gateway meters is one the script made.

import OpenAI from "openai";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const baseURL = env("OPENAI_BASE_URL");
const model = env("MODEL");
const client = new OpenAI({ baseURL, apiKey: env("OPENAI_API_KEY"), maxRetries: 0, timeout: 120_000 });
const messages = [{ role: "user", content: "Say hello" }];
const result = {};

const failure = (e) => ({
  status: e?.status ?? null,
  type: e?.type ?? null,
  code: e?.code ?? null,
  param: e?.param ?? null,
  message: e?.message ?? String(e),
  name: e?.constructor?.name ?? null,
});

async function drain(stream) {
  const seen = { chunks: 0, content: "", usageChunks: 0, usage: null, usageFieldInContentChunks: false,
    finishReason: null, objects: [] };
  for await (const chunk of stream) {
    seen.chunks++;
    if (!seen.objects.includes(chunk.object)) {
      seen.objects.push(chunk.object);
    }
    const choices = chunk.choices ?? [];
    if (choices.length === 0 && chunk.usage) {
      seen.usageChunks++;
      seen.usage = chunk.usage;
      continue;
    }
    if ("usage" in chunk) {
      seen.usageFieldInContentChunks = true;
    }
    for (const choice of choices) {
      seen.content += choice.delta?.content ?? choice.text ?? "";
      if (choice.finish_reason) {
        seen.finishReason = choice.finish_reason;
      }
    }
  }
  return seen;
}

// 1. the models this key may use
const page = await client.models.list();
result.models = page.data.map((m) => ({ id: m.id, object: m.object, owned_by: m.owned_by }));
result.model = await client.models.retrieve(model).then((m) => m.id, failure);

// 2. a chat completion, not streamed
const chat = await client.chat.completions.create({ model, messages, max_tokens: 8, temperature: 0 });
result.chat = { object: chat.object, model: chat.model, content: chat.choices[0]?.message?.content ?? null,
  role: chat.choices[0]?.message?.role ?? null, finishReason: chat.choices[0]?.finish_reason ?? null,
  usage: chat.usage };

// 3. streamed without stream_options: no usage chunk may reach the client
result.streamNoUsage = await drain(await client.chat.completions.create({ model, messages, max_tokens: 8,
  temperature: 0, stream: true }));

// 4. streamed with stream_options.include_usage: the usage chunk arrives
result.streamUsage = await drain(await client.chat.completions.create({ model, messages, max_tokens: 8,
  temperature: 0, stream: true, stream_options: { include_usage: true } }));

// 5. the legacy completions API, not streamed
const completion = await client.completions.create({ model, prompt: "Once upon a time", max_tokens: 6,
  temperature: 0 });
result.completion = { object: completion.object, text: completion.choices[0]?.text ?? null,
  usage: completion.usage };

// 6. a model that does not exist
result.unknownModel = await client.chat.completions.create({ model: "nobody/nothing", messages, max_tokens: 4 })
  .then(() => null, failure);

// 7. another user's key: the private model is invisible
if (process.env.OTHER_KEY) {
  const other = new OpenAI({ baseURL, apiKey: process.env.OTHER_KEY, maxRetries: 0, timeout: 60_000 });
  result.otherModels = (await other.models.list()).data.map((m) => m.id);
  result.otherChat = await other.chat.completions.create({ model, messages, max_tokens: 4 }).then(() => null, failure);
  result.otherStream = await other.chat.completions.create({ model, messages, max_tokens: 4, stream: true })
    .then(() => null, failure);
}

// 8. a wrong key
const wrong = new OpenAI({ baseURL, apiKey: "csg_not-a-key", maxRetries: 0 });
result.wrongKey = await wrong.models.list().then(() => null, failure);

process.stdout.write(JSON.stringify(result) + "\n");
