// Judges every AWS call devbox's functions made in the integration tests against
// the IAM policies template.yaml gives each function, with an IAM policy
// simulator (@cloud-copilot/iam-simulate). A test tool, run by Node in CI; never
// shipped or linked.
//
//   node qa/iam/evaluate.mjs TEMPLATE CALLS.jsonl
//
// CALLS.jsonl is written by the tests (dev.devbox.testing.iam.IamCallLog): one
// line per SDK call, with the IAM authorizations it needs (action, resource
// ARN, condition keys at that moment) and what triggered it. Each call goes to
// the function whose EventBridge rule (or schedule) in the template receives
// that trigger, and is simulated against that function's role. Exit 1 on any
// call a function's role would deny, on a policy this tool cannot read, and on
// a trigger no function (or more than one) receives.
import { readFileSync } from 'node:fs'
import yaml from 'js-yaml'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const [templatePath, callsPath] = process.argv.slice(2)
if (!templatePath || !callsPath) {
  console.error('usage: node evaluate.mjs TEMPLATE CALLS.jsonl')
  process.exit(2)
}

// ---- template.yaml, with CloudFormation's short-form intrinsics ----
const tag = (name, kind, fn) => new yaml.Type('!' + name, { kind, construct: (d) => ({ [fn]: d }) })
const intrinsics = []
for (const [name, fn] of [['Ref', 'Ref'], ['Sub', 'Fn::Sub'], ['GetAtt', 'Fn::GetAtt'], ['If', 'Fn::If'],
  ['Equals', 'Fn::Equals'], ['Not', 'Fn::Not'], ['And', 'Fn::And'], ['Or', 'Fn::Or'], ['Join', 'Fn::Join'],
  ['Select', 'Fn::Select'], ['Split', 'Fn::Split'], ['Condition', 'Condition'], ['FindInMap', 'Fn::FindInMap'],
  ['GetAZs', 'Fn::GetAZs'], ['ImportValue', 'Fn::ImportValue'], ['Base64', 'Fn::Base64'], ['Cidr', 'Fn::Cidr'],
  ['Contains', 'Fn::Contains'], ['EachMemberEquals', 'Fn::EachMemberEquals'], ['EachMemberIn', 'Fn::EachMemberIn'],
  ['RefAll', 'Fn::RefAll'], ['ValueOf', 'Fn::ValueOf'], ['ValueOfAll', 'Fn::ValueOfAll'], ['Length', 'Fn::Length'],
  ['ToJsonString', 'Fn::ToJsonString']]) {
  for (const kind of ['scalar', 'sequence', 'mapping']) intrinsics.push(tag(name, kind, fn))
}
const template = yaml.load(readFileSync(templatePath, 'utf8'), { schema: yaml.DEFAULT_SCHEMA.extend(intrinsics) })
const resources = template.Resources

/** Resolves intrinsics for one deployment: stack name, table name, region, account. */
function resolver(ctx) {
  const params = Object.fromEntries(Object.entries(template.Parameters || {}).map(([k, v]) => [k, v.Default]))
  const refs = {
    'AWS::Partition': 'aws', 'AWS::Region': ctx.region, 'AWS::AccountId': ctx.account,
    'AWS::StackName': ctx.stack, 'AWS::URLSuffix': 'amazonaws.com', ProjectsTable: ctx.table,
    BoxLaunchTemplate: ctx.launchTemplate || 'lt-0devbox', Vpc: ctx.vpc || 'vpc-0devbox',
    TunnelEndpoint: ctx.tunnelEndpoint || 'eice-0devbox', ...params, ...(ctx.parameters || {})
  }
  const atts = {
    'ProjectsTable.Arn': `arn:aws:dynamodb:${ctx.region}:${ctx.account}:table/${ctx.table}`,
    'BoxSecurityGroup.GroupId': ctx.securityGroup || 'sg-0devbox',
    // SAM names functions STACK-LogicalId-SUFFIX; the suffix is random, so the tests use this one.
    'ControlFunction.Arn': `arn:aws:lambda:${ctx.region}:${ctx.account}:function:${ctx.stack}-ControlFunction-0devbox`
  }
  const NO_VALUE = Symbol('NoValue')
  const condition = (name) => {
    if (!(name in (template.Conditions || {}))) throw new Error(`unknown condition ${name}`)
    return resolve(template.Conditions[name])
  }
  const ref = (name) => {
    if (name === 'AWS::NoValue') return NO_VALUE
    if (name in refs) return refs[name]
    throw new Error(`cannot resolve !Ref ${name} in a policy (teach qa/iam/evaluate.mjs its value)`)
  }
  const att = (path) => {
    const key = Array.isArray(path) ? path.join('.') : path
    if (key in atts) return atts[key]
    throw new Error(`cannot resolve !GetAtt ${key} in a policy (teach qa/iam/evaluate.mjs its value)`)
  }
  const sub = (text, vars = {}) => text.replace(/\$\{([^}!]+)\}/g, (_, name) => {
    if (name in vars) return resolve(vars[name])
    return name.includes('.') && !name.startsWith('AWS::') ? att(name) : ref(name)
  })
  function resolve(node) {
    if (Array.isArray(node)) return node.map(resolve).filter((v) => v !== NO_VALUE)
    if (node === null || typeof node !== 'object') return node
    const keys = Object.keys(node)
    if (keys.length === 1) {
      const [k] = keys
      const v = node[k]
      switch (k) {
        case 'Ref': return ref(v)
        case 'Fn::GetAtt': return att(v)
        case 'Fn::Sub': return Array.isArray(v) ? sub(v[0], v[1]) : sub(v)
        case 'Fn::If': return resolve(condition(v[0]) ? v[1] : v[2])
        case 'Fn::Equals': return String(resolve(v[0])) === String(resolve(v[1]))
        case 'Fn::Not': return !resolve(v[0])
        case 'Fn::And': return v.every(resolve)
        case 'Fn::Or': return v.some(resolve)
        case 'Condition': return condition(v)
        case 'Fn::Join': return resolve(v[1]).join(v[0])
        case 'Fn::Split': return String(resolve(v[1])).split(v[0])
        case 'Fn::FindInMap': return template.Mappings[resolve(v[0])][resolve(v[1])][resolve(v[2])]
        default:
          if (k.startsWith('Fn::')) throw new Error(`${k} in a policy is not supported here`)
      }
    }
    const out = {}
    for (const [k, v] of Object.entries(node)) {
      const r = resolve(v)
      if (r !== NO_VALUE) out[k] = r
    }
    return out
  }
  return resolve
}

/** Each function's identity policies, as written under Policies (statements only: no SAM policy templates). */
function functionPolicies(name, resolve) {
  const policies = resources[name].Properties.Policies || []
  return policies.map((p, i) => {
    if (!p.Statement) {
      throw new Error(`${name}: policy ${i} is ${Object.keys(p).join(',')}, not a Statement list; ` +
        'write the statements out, so that what the role may do is in the template')
    }
    return { name: `${name}-policy-${i}`, policy: { Version: '2012-10-17', Statement: resolve(p.Statement) } }
  })
}

/** A managed policy resource's document (the developers' policy), as one identity policy. */
function managedPolicy(name, resolve) {
  const r = resources[name]
  if (!r || r.Type !== 'AWS::IAM::ManagedPolicy') throw new Error(`no managed policy ${name} in the template`)
  return [{ name, policy: { Version: '2012-10-17', Statement: resolve(r.Properties.PolicyDocument.Statement) } }]
}

const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function').map(([n]) => n)

// ---- routing: which function receives a trigger ----
function matches(pattern, value) {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(value) ? value : [value]
    return pattern.some((p) => {
      if (p !== null && typeof p === 'object') {
        if ('prefix' in p) return values.some((v) => typeof v === 'string' && v.startsWith(p.prefix))
        if ('anything-but' in p) {
          const no = [].concat(p['anything-but'])
          return values.some((v) => v !== undefined && !no.includes(v))
        }
        if ('exists' in p) return (value !== undefined) === p.exists
        throw new Error(`pattern operator ${JSON.stringify(p)} is not supported here`)
      }
      return values.includes(p)
    })
  }
  if (pattern !== null && typeof pattern === 'object') {
    return Object.entries(pattern).every(([k, p]) => matches(p, value === null || value === undefined ? undefined : value[k]))
  }
  return pattern === value
}

function receivers(trigger) {
  // The control plane is invoked through its function URL, by developers' signed requests.
  if (trigger.functionUrl) return functions.filter((fn) => resources[fn].Properties.FunctionUrlConfig)
  return functions.filter((fn) => Object.values(resources[fn].Properties.Events || {}).some((ev) => {
    if (trigger.schedule) return ev.Type === 'Schedule' || ev.Type === 'ScheduleV2'
    if (!trigger.event) return false
    return ev.Type === 'EventBridgeRule' && matches(ev.Properties.Pattern, trigger.event)
  }))
}

// ---- the calls ----
const lines = readFileSync(callsPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
const byFunction = Object.fromEntries(functions.map((f) => [f, { calls: 0, requests: 0, denied: [], used: new Set() }]))
const unrouted = []
const cache = new Map()
const policyCache = new Map()
let simulated = 0

/**
 * A KMS key is usable only as its key policy allows. docs/template.md asks for EbsKmsKeyId's key to
 * have the default one, which lets the account's IAM policies decide: so the identity policies alone
 * decide here, as they would on AWS.
 */
function defaultKeyPolicy(account) {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] }
}

/** Simulates one request as a function's role, or ({ policy: NAME }) as a developer under that managed policy. */
async function simulate(who, ctx, req) {
  const key = JSON.stringify([who, ctx, req])
  if (cache.has(key)) return cache.get(key)
  const pkey = JSON.stringify([who, ctx])
  const developer = typeof who === 'object'
  if (!policyCache.has(pkey)) {
    policyCache.set(pkey, developer ? managedPolicy(who.policy, resolver(ctx)) : functionPolicies(who, resolver(ctx)))
  }
  const resourceAccount = req.resource.split(':')[4] || ctx.account
  const result = await runSimulation({
    request: {
      principal: developer ? `arn:aws:iam::${ctx.account}:user/developer`
        : `arn:aws:sts::${ctx.account}:assumed-role/${ctx.stack}-${who}Role/${who}`,
      action: req.action,
      resource: { resource: req.resource, accountId: resourceAccount },
      contextVariables: req.context
    },
    identityPolicies: policyCache.get(pkey),
    resourcePolicy: req.resource.startsWith('arn:aws:kms:') ? defaultKeyPolicy(ctx.account) : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: []
  }, {})
  simulated++
  cache.set(key, result)
  return result
}

for (const line of lines) {
  const ctx = { stack: line.stack, table: line.table, region: line.region, account: line.account,
    securityGroup: line.securityGroup, launchTemplate: line.launchTemplate, vpc: line.vpc }
  const fns = line.trigger ? receivers(line.trigger) : []
  if (fns.length !== 1) {
    unrouted.push({ line, fns })
    continue
  }
  const fn = fns[0]
  const stats = byFunction[fn]
  stats.calls++
  for (const req of line.requests) {
    stats.requests++
    const result = await simulate(fn, ctx, req)
    if (result.resultType === 'error') {
      throw new Error(`the simulator refused ${JSON.stringify(req)}: ${JSON.stringify(result.errors)}`)
    }
    if (result.overallResult !== 'Allowed') {
      stats.denied.push({ call: line.call, req, result: result.overallResult, trigger: describe(line.trigger) })
    } else {
      for (const s of result.result?.analysis?.identityAnalysis?.allowStatements || []) {
        stats.used.add(s.explain?.identifier ?? s.identifier)
      }
    }
  }
}

function describe(trigger) {
  if (!trigger) return 'no trigger recorded'
  if (trigger.schedule) return 'schedule'
  if (trigger.functionUrl) return 'function URL request'
  const e = trigger.event || {}
  return `${e['detail-type'] || '?'} ${JSON.stringify(e.detail?.state ?? e.detail?.State ?? e.detail?.event ?? '')}`
}

// ---- the attacks: requests each role must deny (must-deny.json beside this script) ----
// A case names a function (its role) or a managed policy (a developer holding it), and may set
// template parameters (for statements that exist only with them).
const attackCtx = { stack: 'it', table: 'devbox-it', region: 'us-east-1', account: '123456789012' }
async function allowed(file, a) {
  if (a.function && !functions.includes(a.function)) throw new Error(`${file}: no function ${a.function} in the template`)
  const who = a.function || { policy: a.policy }
  const result = await simulate(who, { ...attackCtx, parameters: a.parameters },
    { action: a.action, resource: a.resource, context: a.context })
  if (result.resultType === 'error') throw new Error(`the simulator refused ${JSON.stringify(a)}: ${JSON.stringify(result.errors)}`)
  return result.overallResult === 'Allowed'
}
const attacks = JSON.parse(readFileSync(new URL('./must-deny.json', import.meta.url), 'utf8')).cases
const allowedAttacks = []
for (const a of attacks) {
  if (await allowed('must-deny.json', a)) allowedAttacks.push(a)
}
const musts = JSON.parse(readFileSync(new URL('./must-allow.json', import.meta.url), 'utf8')).cases
const refused = []
for (const m of musts) {
  if (!(await allowed('must-allow.json', m))) refused.push(m)
}
// Attacks the developers' policy still allows, each with the issue that closes it. Each must still be
// allowed: one that is denied now has been fixed and belongs in must-deny.json instead.
const gaps = JSON.parse(readFileSync(new URL('./known-gaps.json', import.meta.url), 'utf8')).cases
const closedGaps = []
for (const g of gaps) {
  if (!(await allowed('known-gaps.json', g))) closedGaps.push(g)
}

// ---- the verdict ----
let failed = false
let totalRequests = 0
let totalDenied = 0
console.log(`iam: ${lines.length} calls recorded; ${simulated} distinct authorizations simulated`)
for (const fn of functions) {
  const s = byFunction[fn]
  totalRequests += s.requests
  totalDenied += s.denied.length
  const sids = (resources[fn].Properties.Policies || []).flatMap((p) => (p.Statement || []).map((st) => st.Sid))
  const unused = sids.filter((sid) => sid && !s.used.has(sid))
  console.log(`iam: ${fn}: ${s.calls} calls, ${s.requests} authorizations, ${s.denied.length} denied` +
    (unused.length ? `; statements no recorded call needed: ${unused.join(', ')}` : ''))
  const seen = new Set()
  for (const d of s.denied) {
    const k = JSON.stringify([d.call, d.req.action, d.req.resource.replace(/\/[a-z]+-[0-9a-f]+$/, '/*'), d.trigger])
    if (seen.has(k)) continue
    seen.add(k)
    console.log(`  DENIED (${d.result}) ${d.req.action} on ${d.req.resource} with ${JSON.stringify(d.req.context)}` +
      ` [${d.call}, on ${d.trigger}]`)
  }
  if (s.denied.length) failed = true
}
const kinds = {}
for (const u of unrouted) {
  const k = `${describe(u.line.trigger)} -> ${u.fns.length ? u.fns.join('+') : 'no function'}`
  kinds[k] = (kinds[k] || 0) + 1
}
for (const [k, n] of Object.entries(kinds)) {
  // A call whose trigger reaches no function cannot happen on AWS; one reaching two would run twice.
  console.log(`  UNROUTED ${n} call(s): ${k}`)
  failed = true
}
for (const a of allowedAttacks) {
  console.log(`  ALLOWED ATTACK ${a.function || a.policy} may ${a.why}: ${a.action} on ${a.resource} with ${JSON.stringify(a.context)}`)
  failed = true
}
for (const m of refused) {
  console.log(`  REFUSED ${m.policy || m.function} cannot ${m.why}: ${m.action} on ${m.resource} with ${JSON.stringify(m.context)}`)
  failed = true
}
for (const g of closedGaps) {
  console.log(`  GAP CLOSED ${g.policy || g.function} can no longer ${g.why}: move it from known-gaps.json to must-deny.json`)
  failed = true
}
console.log(`iam: ${totalRequests} authorizations evaluated, ${totalDenied} denied, ${unrouted.length} calls unrouted; ` +
  `${attacks.length - allowedAttacks.length} of ${attacks.length} attacks (must-deny.json) denied; ` +
  `${musts.length - refused.length} of ${musts.length} developer calls (must-allow.json) allowed; ` +
  `${gaps.length - closedGaps.length} known gaps (known-gaps.json) still open`)
for (const g of gaps) console.log(`iam: known gap (issue ${g.issue}): ${g.policy || g.function} may ${g.why}`)
process.exit(failed ? 1 : 0)
