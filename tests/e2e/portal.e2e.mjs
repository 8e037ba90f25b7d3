// Browser end-to-end test of the HTML Sandbox Partner Portal, driving Debian's chromium
// with playwright-core. It starts nothing: crates/cli/tests/browser.rs starts the real
// binary, seeds a reseller, a customer and a completed NEW order through CPAPI, then runs
//
//   PORTAL_URL=http://127.0.0.1:PORT CLIENT_ID=k CLIENT_SECRET=s CUSTOMER_ID=... \
//     node tests/e2e/portal.e2e.mjs
//
// Optional: SCREENSHOT_DIR (default target/e2e-screenshots), README_SCREENSHOT (a path
// where the customers page is also saved, e.g. docs/portal-customers.png), CHROMIUM
// (default /usr/bin/chromium). Exit code 0 = every step passed.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium } from "playwright-core";

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined || v === "") throw new Error(`missing environment variable ${name}`);
  return v;
};
const base = env("PORTAL_URL").replace(/\/$/, "");
const clientId = env("CLIENT_ID");
const secret = env("CLIENT_SECRET");
const customerId = env("CUSTOMER_ID");
const shots = env("SCREENSHOT_DIR", "target/e2e-screenshots");
const readmeShot = process.env.README_SCREENSHOT || "";
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`  ok: ${message}`);
}

// CPAPI, as an integration would see it.
async function cpapiToken() {
  const body = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret });
  const r = await fetch(`${base}/ims/token/v3`, { method: "POST", body });
  if (!r.ok) throw new Error(`token: ${r.status}`);
  return (await r.json()).access_token;
}
const token = await cpapiToken();
async function cpapi(path) {
  const r = await fetch(`${base}${path}`, { headers: { "X-Api-Key": clientId, Authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
const customer = () => cpapi(`/v3/customers/${customerId}`);
let writes = 0;
async function cpapiSend(method, path, body) {
  writes += 1;
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { "X-Api-Key": clientId, Authorization: `Bearer ${token}`, "Content-Type": "application/json",
      "X-Correlation-Id": `e2e-${Date.now()}-${writes}` },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
const cpapiPost = (path, body) => cpapiSend("POST", path, body);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(15000);
page.on("pageerror", (e) => console.log(`  page error: ${e.message}`));
// The portal runs under a strict Content-Security-Policy: any violation fails the test.
const violations = [];
page.on("console", (m) => {
  if (/Content Security Policy/i.test(m.text())) violations.push(`step ${stepNo} (${page.url()}): ${m.text()}`);
});
let stepNo = 0;
async function step(name, run) {
  stepNo += 1;
  console.log(`step ${stepNo}: ${name}`);
  await run();
  // caret "initial": Playwright's default caret hiding leaves style="" on inputs, which htmx's
  // settle step then copies with setAttribute, a CSP violation the page itself never causes.
  await page.screenshot({ caret: "initial", path: `${shots}/${String(stepNo).padStart(2, "0")}-${name.replace(/[^a-z0-9]+/gi, "-")}.png` });
}
const expandedRow = () => page.locator(`#customer-${customerId}`);
const toggle = () => page.locator(`#toggle-customer-${customerId}`);

try {
  await step("sign in", async () => {
    await page.goto(`${base}/portal`);
    await page.getByLabel("Client ID").fill(clientId);
    await page.getByLabel("Client secret").fill(secret);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/portal/customers`);
    check((await page.locator("#distributor-id").textContent()).trim() !== "", "the header shows the distributor id");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const second = await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
    check(second !== "advance-by", `the second tab stop is not the Advance box (${second})`);
  });

  await step("search customer", async () => {
    await page.getByLabel("Search criterion").selectOption("customerId");
    await page.getByLabel("Search by ID").fill(customerId);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/searchBy=customerId/);
    check(await page.locator("table.records > tbody").count() === 1, "one row matches the id");
    check(await toggle().getAttribute("aria-expanded") === "false", "the row starts collapsed");
  });

  await step("edit status", async () => {
    await toggle().focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: `Customer ${customerId}` }).waitFor();
    check(await toggle().getAttribute("aria-expanded") === "true", "the keyboard expands the row (aria-expanded true)");
    check(await toggle().evaluate((el) => el === document.activeElement), "focus stays on the toggle");
    check(await toggle().getAttribute("aria-label") === `Collapse customer ${customerId}`, "the open toggle's name says Collapse");
    if (readmeShot) {
      mkdirSync(dirname(readmeShot), { recursive: true });
      await page.screenshot({ caret: "initial", path: readmeShot });
    }
    await expandedRow().getByRole("button", { name: "Edit", exact: true }).click();
    await expandedRow().getByLabel("Status", { exact: true }).selectOption("1004");
    await expandedRow().getByRole("button", { name: "Save", exact: true }).click();
    await expandedRow().getByText(`Customer ${customerId} saved`).waitFor();
    check((await customer()).status === "1004", "CPAPI shows status 1004");
  });

  const today = new Date().toISOString().slice(0, 10);
  await step("refused cotermDate", async () => {
    const twoYearsAgo = `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`;
    await expandedRow().getByRole("button", { name: "Edit", exact: true }).click();
    const field = expandedRow().getByLabel("cotermDate");
    await field.fill(twoYearsAgo);
    await expandedRow().getByRole("button", { name: "Save", exact: true }).click();
    const message = expandedRow().locator(".field-error", { hasText: "cotermDate: must be from" });
    await message.waitFor();
    check(/within a year of today/.test(await message.textContent()), `the refusal names the range: ${await message.textContent()}`);
    const input = expandedRow().getByLabel("cotermDate");
    check(await input.getAttribute("aria-invalid") === "true", "the field is marked aria-invalid");
    check(await input.inputValue() === twoYearsAgo, "the date typed is kept");
    check((await input.getAttribute("aria-describedby")).includes((await message.getAttribute("id"))), "the message describes the field");
    check((await customer()).cotermDate !== twoYearsAgo, "nothing was saved");
    await input.focus();
    await page.keyboard.press("Escape");
    await expandedRow().getByRole("button", { name: "Edit", exact: true }).waitFor();
    check(await expandedRow().getByLabel("cotermDate").count() === 0, "Escape discards the inline edit");
  });

  await step("set cotermDate", async () => {
    await expandedRow().getByRole("button", { name: "Edit", exact: true }).click();
    await expandedRow().getByLabel("cotermDate").fill(today);
    await expandedRow().getByRole("button", { name: "Save", exact: true }).click();
    await expandedRow().getByText(`Customer ${customerId} saved`).waitFor();
    check((await customer()).cotermDate === today, `CPAPI shows cotermDate ${today}`);
  });

  await step("trigger auto renewal", async () => {
    const button = () => expandedRow().getByRole("button", { name: "Trigger Auto Renewal" });
    const request = page.waitForRequest((r) => r.url().endsWith("/auto-renewal/trigger"));
    await button().click();
    check((await request).headers()["x-csrf-token"]?.length > 20, "htmx sends the X-CSRF-Token header");
    const countdown = expandedRow().locator(".countdown");
    await countdown.waitFor();
    const read = async () => Number((await countdown.textContent()).match(/Next trigger in (\d+) s/)[1]);
    const clock = async () => (await page.locator("#virtual-now").textContent()).trim();
    const first = await read();
    const before = await clock();
    await page.waitForTimeout(1500);
    const second = await read();
    check(first > 0 && second < first, `the countdown drops (${first} s, then ${second} s)`);
    check((await clock()) !== before, `the header's sandbox clock is live (${before}, then ${await clock()})`);
    check(await button().isDisabled(), "the button is disabled");
    // The customer is inactive (1004): the renewal order fails, and the portal says so.
    const failed = expandedRow().getByText(/Renewal job \S+ failed: renewal order \S+ is 1024 - Failed: customer inactive/);
    await failed.waitFor({ timeout: 20000 });
    check(await failed.getAttribute("role") === "alert", "the failure is an alert, not a green notice");
    const orders = await expandedRow().locator(`#orders-${customerId} tbody tr`).allTextContents();
    check(orders.some((o) => o.includes("RENEWAL") && o.includes("1024")), "the orders table refreshed with the failed renewal order");
    check(await button().isDisabled(), "still disabled after the refresh");
    // The button comes back when the countdown reaches 0, never while it still shows seconds.
    const seen = [];
    for (let i = 0; i < 400; i += 1) {
      // Text and button read in one evaluation: two separate reads could straddle the tick that
      // changes both (the countdown flips them together).
      const [text, disabled] = await page.evaluate((id) => {
        const countdown = document.querySelector(`#customer-${id} .countdown`);
        const trigger = document.getElementById(`trigger-${id}`);
        return [countdown ? countdown.textContent : "", trigger ? trigger.disabled : true];
      }, customerId);
      seen.push([text, disabled]);
      if (!disabled) break;
      await page.waitForTimeout(100);
    }
    const early = seen.filter(([text, disabled]) => !disabled && /Next trigger in/.test(text));
    check(early.length === 0 && !seen[seen.length - 1][1], `enabled at 0, not before (${JSON.stringify(seen.slice(-3))})`);
    check(/triggered again/.test(seen[seen.length - 1][0]), "the countdown says the trigger is available");
    await button().click();
    await expandedRow().getByText(/Renewal job \S+ started: nothing is due/).waitFor();
    check(true, "a trigger with nothing due says so (and is accepted: no P429 at 0)");
  });

  await step("reload after a POST", async () => {
    const resellers = async () => (await cpapi("/v3/resellers")).totalCount;
    await page.getByRole("link", { name: "Create Default Records" }).click();
    const before = await resellers();
    await page.getByRole("button", { name: "Create Default Reseller" }).click();
    await page.getByText("Task Complete").waitFor();
    check(page.url().endsWith("/portal/api-tools"), `the POST answered with a redirect (${page.url()})`);
    check(await resellers() === before + 1, "one reseller created");
    await page.reload();
    await page.getByRole("heading", { name: "Create Default Records" }).waitFor();
    check(await resellers() === before + 1, "a reload creates no second reseller");
    check(await page.getByText("Task Complete").count() === 0, "the outcome was shown once");
    await page.goBack();
    check(!page.url().startsWith("chrome-error"), `Back works (${page.url()})`);
  });

  await step("confirmations", async () => {
    await page.goto(`${base}/portal/snapshots`);
    await page.getByLabel(/^Name/).fill("e2e");
    await page.getByRole("button", { name: "Save snapshot" }).click();
    await page.getByText("Saved snapshot e2e").waitFor();
    const dialog = page.locator("#confirm-dialog");
    await page.getByRole("button", { name: "Delete e2e" }).click();
    await dialog.waitFor({ state: "visible" });
    check((await dialog.textContent()).includes("Delete snapshot e2e?"), "Delete asks first");
    check(await page.evaluate(() => document.activeElement?.id) === "confirm-cancel", "the focus starts on Go back");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    check(await page.getByRole("cell", { name: "e2e", exact: true }).count() === 1, "Escape cancels: the snapshot is still there");
    await page.getByRole("button", { name: "Delete e2e" }).focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "visible" });
    await page.keyboard.press("Tab");
    check(await page.evaluate(() => document.activeElement?.textContent) === "Delete e2e", "Tab reaches the confirming button");
    await page.keyboard.press("Enter");
    await page.getByText("Deleted snapshot e2e.").waitFor();
    check(true, "confirmed with the keyboard alone: deleted");
    await page.getByRole("button", { name: "Reset the distributor" }).click();
    await dialog.waitFor({ state: "visible" });
    await page.getByRole("button", { name: "Go back" }).click();
    await dialog.waitFor({ state: "hidden" });
    check((await customer()).customerId === customerId, "Reset cancelled: the customer is still there");
  });

  await step("global sales", async () => {
    await page.getByRole("link", { name: "My Distributors" }).click();
    await page.getByRole("heading", { name: "My Distributors" }).waitFor();
    await page.getByRole("button", { name: "Enable Global Sales" }).click();
    await page.getByText("Global sales enabled").waitFor();
    check((await page.locator("#global-sales-state").textContent()).trim() === "Enabled", "the distributor shows Enabled");
    await page.goto(`${base}/portal/customers?searchBy=customerId&q=${customerId}`);
    await toggle().click();
    await expandedRow().getByRole("button", { name: "Edit", exact: true }).click();
    await expandedRow().getByLabel("globalSalesEnabled").check();
    await expandedRow().getByRole("button", { name: "Save", exact: true }).click();
    await expandedRow().getByText(`Customer ${customerId} saved`).waitFor();
    check((await customer()).globalSalesEnabled === true, "CPAPI shows globalSalesEnabled true");
  });
  await step("deployment view and edit", async () => {
    const created = await cpapiPost(`/v3/customers/${customerId}/deployments`, { companyProfile: { address: {
      country: "JP", region: "13", city: "Tokyo", addressLine1: "1-1 Chiyoda", postalCode: "100-0001" } } });
    const deploymentId = created.deploymentId;
    await page.goto(`${base}/portal/customers?searchBy=customerId&q=${customerId}`);
    await toggle().click();
    await expandedRow().getByRole("button", { name: `View deployment ${deploymentId}` }).click();
    const panel = expandedRow().locator(`#deployment-${deploymentId}`);
    await panel.getByRole("heading", { name: `Deployment ${deploymentId}` }).waitFor();
    check((await panel.textContent()).includes("100-0001"), "View shows the deployment's address");
    await panel.getByRole("button", { name: `Edit deployment ${deploymentId}` }).click();
    const form = expandedRow().getByRole("form", { name: `Edit deployment ${deploymentId}` });
    check(await form.getByLabel("Country", { exact: true }).isDisabled(), "the country is greyed out");
    await form.getByLabel("Region", { exact: true }).fill("27");
    await form.getByLabel("City", { exact: true }).fill("Osaka");
    await form.getByLabel("Postal Code", { exact: true }).fill("530-0001");
    await form.getByLabel("Status", { exact: true }).selectOption("1004");
    await form.getByRole("button", { name: "Save", exact: true }).click();
    await expandedRow().getByText(`Deployment ${deploymentId} saved`).waitFor();
    const d = await cpapi(`/v3/customers/${customerId}/deployments/${deploymentId}`);
    check(d.status === "1004" && d.companyProfile.address.city === "Osaka" && d.companyProfile.address.country === "JP",
      "CPAPI shows the deployment inactive, in Osaka, still in JP");
  });

  await step("create PA", async () => {
    await expandedRow().getByRole("button", { name: "Create PA", exact: true }).click();
    const dialog = expandedRow().getByRole("dialog", { name: `Create PA for customer ${customerId}` });
    await dialog.getByLabel("Product").selectOption({ index: 0 });
    const offer = await dialog.getByLabel("Product").inputValue();
    await dialog.getByLabel("Quantity").fill("3");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expandedRow().getByText(/Purchase authorization PO\d{18} created/).waitFor();
    check(await expandedRow().getByRole("dialog").count() === 0, "the dialog closed");
    const open = await cpapi(`/v3/customers/${customerId}/open-acquisitions`);
    check(open.licenseCount === 1 && open.unpaidLicenses[0].quantity === 3 && open.unpaidLicenses[0].baseOfferId === offer,
      `open-acquisitions lists the PA (3 × ${offer})`);
    const reseller = (await customer()).resellerId;
    const notes = await cpapi(`/v3/notifications?notification-type=LICENSES_PENDING_PARTNER_ORDER&reseller-id=${reseller}`);
    check(notes.items.some((n) => n.customerId === customerId), "notifications list the customer");
  });

  await step("subscription edit", async () => {
    const subs = await cpapi(`/v3/customers/${customerId}/subscriptions`);
    const sub = subs.items[0].subscriptionId;
    await expandedRow().getByRole("button", { name: `Edit subscription ${sub}` }).click();
    const form = expandedRow().getByRole("form", { name: `Edit subscription ${sub}` });
    await form.getByLabel("Renewal Quantity").fill("7");
    await form.getByLabel("Auto-Renewal").selectOption("true");
    await form.getByLabel("Status", { exact: true }).selectOption("1000");
    await form.getByRole("button", { name: "Save", exact: true }).click();
    await expandedRow().getByText(`Subscription ${sub} saved`).waitFor();
    const s = await cpapi(`/v3/customers/${customerId}/subscriptions/${sub}`);
    check(s.status === "1000" && s.autoRenewal.enabled === true && s.autoRenewal.renewalQuantity === 7,
      "CPAPI shows the subscription active, renewing 7");
  });

  await step("renewal code and order lines", async () => {
    const acrobat = "65304520CA01A12"; // Acrobat Pro for Teams: the High Growth group
    // An earlier step left the customer inactive; the portal API makes it active again.
    const active = await fetch(`${base}/portal/api/v1/customers/${customerId}`, {
      method: "PATCH",
      headers: { "X-Api-Key": clientId, Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ status: "1000" }),
    });
    check(active.ok, `the customer is active again (${active.status})`);
    const list = await cpapi(`/v3/flex-discounts?market-segment=COM&country=US&offer-ids=${acrobat}&limit=50`);
    const now = Date.now();
    const live = list.flexDiscounts.filter((d) => d.status === "ACTIVE" && Date.parse(d.startDate) <= now
      && !/FAILURE/.test(d.code));
    let placed = null;
    for (const d of live) {
      const line = { extLineItemNumber: 1, offerId: acrobat, quantity: 2, flexDiscountCodes: [d.code] };
      try {
        placed = await cpapiPost(`/v3/customers/${customerId}/orders`,
          { orderType: "NEW", currencyCode: "USD", lineItems: [line] });
        break;
      } catch (e) {
        console.log(`  (code ${d.code} not usable here: ${e.message.slice(0, 80)})`);
      }
    }
    check(placed !== null, `a NEW order with a live flexible discount (${placed?.lineItems[0].flexDiscounts[0].code})`);
    const code = placed.lineItems[0].flexDiscounts[0].code;
    let status = "";
    for (let i = 0; i < 100 && status !== "1000"; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await cpapi(`/v3/customers/${customerId}/orders/${placed.orderId}`)).status;
    }
    check(status === "1000", `the order was processed (${status})`);
    await page.goto(`${base}/portal/orders?searchBy=orderId&q=${placed.orderId}`);
    await page.getByRole("button", { name: `Expand order ${placed.orderId}` }).click();
    const lines = page.locator(`#order-${placed.orderId}`).getByRole("table").last();
    await lines.getByRole("columnheader", { name: "Flex Discounts" }).waitFor();
    check((await lines.textContent()).includes(`${code}: SUCCESS`), `the order's line shows ${code}: SUCCESS`);
    check(await lines.getByRole("columnheader", { name: "Discount Code" }).count() === 1, "and a Discount Code column");

    const subs = await cpapi(`/v3/customers/${customerId}/subscriptions`);
    const held = subs.items.find((s) => s.offerId.startsWith(acrobat.slice(0, 10)));
    check(Boolean(held), `the order made an Acrobat subscription (${subs.items.map((s) => `${s.offerId} ${s.status}`).join(", ")})`);
    const sub = held.subscriptionId;
    await page.goto(`${base}/portal/customers?searchBy=customerId&q=${customerId}`);
    await toggle().click();
    await expandedRow().getByRole("button", { name: `Edit subscription ${sub}` }).click();
    const form = expandedRow().getByRole("form", { name: `Edit subscription ${sub}` });
    await form.getByLabel("Renewal Code").selectOption("MOQ_100");
    await form.getByRole("button", { name: "Save", exact: true }).click();
    await expandedRow().getByText(`Subscription ${sub} saved`).waitFor();
    const s = await cpapi(`/v3/customers/${customerId}/subscriptions/${sub}`);
    check(s.autoRenewal.renewalCode === "MOQ_100", "CPAPI shows the renewal code MOQ_100");
    check((await expandedRow().locator(`#subscriptions-${customerId}`).textContent()).includes("MOQ_100"),
      "the subscriptions table shows it in the Renewal Code column");
  });

  await step("reseller change", async () => {
    const before = (await customer()).resellerId;
    const resellers = await cpapi(`/v3/resellers?limit=50`);
    const target = resellers.accounts.map((r) => r.resellerId).find((r) => r !== before);
    check(Boolean(target), "a second reseller exists (Create Default Reseller)");
    await expandedRow().getByRole("button", { name: "Generate Approval Code", exact: true }).click();
    const notice = expandedRow().getByText(/Approval code \d{8} for customer/);
    await notice.waitFor();
    const code = (await notice.textContent()).match(/Approval code (\d{8})/)[1];
    const done = await cpapiPost("/v3/transfers", { type: "RESELLER_CHANGE", action: "COMMIT", approvalCode: code,
      resellerId: target });
    check(/^\d{9}$/.test(done.transferId), `the commit answers a transfer id (${done.transferId})`);
    await page.goto(`${base}/portal/customers?searchBy=customerId&q=${customerId}`);
    const row = page.locator("table.records > tbody").first();
    check((await row.textContent()).includes(target), "Manage Records shows the customer under the new reseller");
    await toggle().click();
    await expandedRow().getByRole("heading", { name: `Customer ${customerId}` }).waitFor();
  });

  await step("test address lists", async () => {
    await page.goto(`${base}/portal/test-address`);
    await page.getByLabel("Price region").focus();
    await page.getByLabel("Price region").selectOption("WE");
    await page.getByRole("option", { name: "GB — Great Britain" }).waitFor({ state: "attached" });
    const currencies = await page.getByLabel("Currency").locator("option").allTextContents();
    check(currencies.join() === "Choose…,EUR,GBP,USD", `WE offers its currencies only (${currencies.join()})`);
    check(await page.getByRole("option", { name: /^US — / }).count() === 0, "no NA country is offered for WE");
    check(await page.getByLabel("Price region").evaluate((e) => e === document.activeElement),
      "focus stays on the price region after the lists refresh");
    await page.getByLabel("Country").selectOption("GB");
    await page.getByLabel("Region (state/province)").locator("option", { hasText: "00" }).waitFor({ state: "attached" });
    await page.getByLabel("Currency").selectOption("GBP");
    await page.getByLabel("Region (state/province)").selectOption("00");
    await page.getByLabel("City").fill("London");
    await page.getByLabel("Address line 1").fill("1 Strand");
    await page.getByLabel("Postal code").fill("WC2N 5HR");
    await page.getByRole("button", { name: "Validate", exact: true }).click();
    await page.getByText("Validation successful").waitFor();
    check(true, "a GB address chosen from the dependent lists validates");
  });

  await step("linked membership", async () => {
    const group = await cpapiSend("PATCH", `/v3/customers/${customerId}`,
      { linkedMembership: { type: "STANDARD", name: "Browser group" } });
    check(group.linkedMembership.linkedMembershipType === "OWNER", "PATCH makes the customer the group's OWNER");
    await page.goto(`${base}/portal/customers?searchBy=customerId&q=${customerId}`);
    await toggle().click();
    const section = expandedRow().getByRole("region", { name: "Linked Membership" });
    await section.getByText("REQUESTED").waitFor();
    await section.getByRole("button", { name: "Accept Linked Membership Terms" }).click();
    await expandedRow().getByText("Linked membership terms accepted").waitFor();
    await expandedRow().getByRole("button", { name: "Generate Linked Account Code" }).click();
    const notice = expandedRow().getByText(/Linked account code [A-Z2-9]{8} for group/);
    await notice.waitFor();
    const code = (await notice.textContent()).match(/Linked account code ([A-Z2-9]{8})/)[1];
    const owner = await customer();
    const member = await cpapiPost("/v3/customers", { resellerId: owner.resellerId,
      companyProfile: { companyName: "Browser Member", preferredLanguage: "en-US", address: owner.companyProfile.address,
        contacts: [{ firstName: "Alan", lastName: "Turing", email: "alan@example.com" }] } });
    await cpapiPost(`/portal/api/v1/customers/${member.customerId}/linked-membership/enroll`, { code });
    const joined = await cpapi(`/v3/customers/${member.customerId}`);
    check(joined.linkedMembership.linkedMembershipType === "MEMBER" && joined.linkedMembership.id === group.linkedMembership.id,
      "the code enrols a second customer as a MEMBER");
    await expandedRow().getByRole("button", { name: "Refresh Discount Level" }).click();
    await expandedRow().getByText(/Discount level refresh of group \d{8} scheduled/).waitFor();
    check((await expandedRow().getByRole("region", { name: "Linked Membership" }).textContent()).includes(member.customerId),
      "the owner's view lists the member");
  });

  await step("membership transfer", async () => {
    await page.getByRole("link", { name: "Transfer Memberships" }).click();
    await page.getByRole("heading", { name: "Transfer Memberships" }).waitFor();
    const quick = page.locator("#quick-form");
    await quick.getByLabel("Company name").fill("Browser Membership");
    await quick.getByLabel(/^Number of offers/).fill("2");
    await quick.getByRole("button", { name: "Quick Create" }).click();
    const notice = page.getByText(/Created membership \d{8}\./);
    await notice.waitFor();
    const membership = (await notice.textContent()).match(/Created membership (\d{8})/)[1];
    check(await page.getByRole("cell", { name: membership, exact: true }).count() === 1, "Created Memberships lists it");
    const reseller = (await customer()).resellerId;
    const started = await cpapiPost(`/v3/memberships/${membership}/transfers`, { resellerId: reseller });
    check(started.status === "1002" && started.customerId === "", "E27 answers 1002 without a customer yet");
    let done = started;
    const deadline = Date.now() + 20000;
    while (done.status !== "1000" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      done = await cpapi(`/v3/memberships/${membership}/transfers/${started.transferId}`);
    }
    check(done.status === "1000" && /^\d+$/.test(done.customerId), `the jobs completed the transfer (${done.status})`);
    await page.getByRole("link", { name: "Transfers", exact: true }).click();
    await page.getByRole("heading", { name: "Transfers", exact: true }).waitFor();
    check(await page.getByRole("cell", { name: started.transferId, exact: true }).count() === 1, "Manage Records › Transfers lists it");
    await page.goto(`${base}/portal/customers?searchBy=customerId&q=${done.customerId}`);
    const row = page.locator("table.records > tbody").first();
    check((await row.textContent()).includes("Browser Membership"), "Manage Records › Customers shows the new customer");
  });

  await step("flex discounts", async () => {
    await page.getByRole("link", { name: "View Available Flex Discounts" }).click();
    await page.getByRole("heading", { name: "Flex Discounts" }).waitFor();
    await page.getByLabel("Market segment").selectOption("COM");
    await page.getByLabel("Country (ISO code or ALL)").fill("US");
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await page.waitForURL(/marketSegment=COM/);
    check(await page.getByRole("rowheader", { name: "SANDBOX_FAILURE" }).count() === 1, "the FAILURE test discount is listed");
    const input = page.getByLabel(/New end date for BLACK_FRIDAY \(COM,/).first();
    const max = await input.getAttribute("max");
    await input.fill(max);
    await input.press("Enter");
    await page.waitForURL(/edited=/);
    await page.getByText(/Saved: BLACK_FRIDAY \(COM\) now ends/).waitFor();
    check(true, `the end date saved with the keyboard and the page redirected (${max})`);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    check(!(await page.getByText(/Saved:/).count() === 0), "a reload shows the outcome again without re-posting");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `no horizontal page scroll at 360 px (${overflow} px)`);
    await page.screenshot({ caret: "initial", path: `${shots}/flex-discounts-360.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
  await step("layout and requests", async () => {
    for (const width of [1280, 800, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/portal/customers?searchBy=customerId&q=${customerId}`);
      await toggle().click();
      await page.getByRole("heading", { name: `Customer ${customerId}` }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 1, `no horizontal page scroll at ${width} px with a customer expanded (${overflow} px)`);
      const loose = await page.evaluate(() => [...document.querySelectorAll("main table")].filter((t) => {
        if (t.getBoundingClientRect().right <= window.innerWidth + 1) return false;
        for (let a = t.parentElement; a; a = a.parentElement) {
          if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return false;
        }
        return true;
      }).length);
      check(loose === 0, `every table wider than the window scrolls inside its own box at ${width} px`);
      if (width !== 360 && readmeShot) {
        const dir = `${dirname(readmeShot)}/screenshots`;
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ caret: "initial", path: `${dir}/customers-${width}.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/portal/requests?method=POST`);
    await page.getByRole("link", { name: /Headers and bodies of/ }).first().click();
    const body = page.locator("#body-Response code");
    await body.waitFor();
    const text = await body.textContent();
    check(text.startsWith("{\n  \"") && !text.includes('\\"'), `a JSON body is pretty-printed, not an escaped string (${text.slice(0, 40)}…)`);
  });
  if (violations.length > 0) throw new Error(`CSP violations:\n${violations.join("\n")}`);
  check(true, "no Content-Security-Policy violation");
  console.log("portal e2e: all steps passed");
} catch (e) {
  console.error(`portal e2e failed at step ${stepNo}: ${e.stack || e}`);
  await page.screenshot({ caret: "initial", path: `${shots}/failure.png` }).catch(() => {});
  await browser.close();
  process.exit(1);
}
await browser.close();
