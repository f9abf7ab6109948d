// CloudFormation templates (JSON or YAML with short-form intrinsics such as `!Sub`): the execute-api
// endpoint policies (AWS::EC2::VPCEndpoint PolicyDocument) and REST API resource policies
// (AWS::ApiGateway::RestApi Policy) the template describes, with intrinsic functions resolved the
// way CloudFormation would at deploy time, as far as that is possible offline. What cannot be known
// offline (a resource's physical id, GetAtt, ImportValue) is an error naming the resource and
// property, unless the caller supplies the value.
import {
  LineCounter,
  Pair,
  Scalar,
  YAMLMap,
  isMap,
  isSeq,
  parseDocument,
  type Node as YamlNode,
  type ScalarTag,
  type CollectionTag,
} from 'yaml';
import { InputError } from '../../errors.js';
import { partitionOfRegion } from '../../identifiers/index.js';
import { excerpt } from '../../escape/index.js';
import {
  checkJsonDepth,
  checkPolicyText,
  checkTextSize,
  jsonSyntaxError,
  jsonSyntaxWithin,
  formatBytes,
  formatCount,
  mayQuote,
  refuseVersionDependentScalars,
  yamlToJs,
  MAX_TEMPLATE_STEPS,
  MAX_TEMPLATE_TEXT,
} from '../../input/index.js';
import { isObject, parseJsonUniqueKeys } from './json.js';

/**
 * A template's (or a caller's) own entry: names come from the template, and `constructor`,
 * `toString` or `__proto__` must be unknown names, not Object's built-ins.
 */
const own = <T>(o: Record<string, T> | undefined, key: string): T | undefined =>
  o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;
import { DEFAULT_ENDPOINT_POLICY } from './terraform.js';
import type {
  CloudFormationOptions,
  EndpointPolicyEntry,
  PolicyFileResult,
  ResourcePolicyEntry,
} from './types.js';

type Path = (string | number)[];

/** The short forms CloudFormation accepts, and the long form each stands for. */
const SHORT_FORMS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  If: 'Fn::If',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  ImportValue: 'Fn::ImportValue',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
  ForEach: 'Fn::ForEach',
};

function longForm(name: string, value: unknown, range?: YamlNode['range']): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(name), value));
  if (range) map.range = range;
  return map;
}

/** YAML custom tags: `!Sub x` becomes `{ "Fn::Sub": x }`, for scalars, sequences and mappings. */
export const cloudFormationTags: (ScalarTag | CollectionTag)[] = Object.entries(SHORT_FORMS).flatMap(
  ([short, long]) => {
    const tag = `!${short}`;
    const scalar: ScalarTag = {
      tag,
      identify: () => false,
      // A plain object: it is wrapped as a Scalar whose value toJS hands back unchanged.
      resolve: (str: string) => {
        // `!GetAtt Res.Attr` is the one short form whose scalar means a list.
        if (long === 'Fn::GetAtt') {
          const dot = str.indexOf('.');
          return { [long]: dot > 0 ? [str.slice(0, dot), str.slice(dot + 1)] : [str] };
        }
        return { [long]: str };
      },
    };
    const seq: CollectionTag = {
      tag,
      collection: 'seq',
      identify: () => false,
      resolve: (value) => longForm(long, value, value.range),
    };
    const map: CollectionTag = {
      tag,
      collection: 'map',
      identify: () => false,
      resolve: (value) => longForm(long, value, value.range),
    };
    return [scalar, seq, map];
  },
);

/** A parsed template and a way to find the line of a path in it. */
interface Template {
  data: Record<string, unknown>;
  lineOf(path: Path): number | undefined;
  /** The text a number at `path` is written as (`1.0`, `1e2`), where the path is a scalar. */
  writtenAt(path: Path): string | undefined;
}

function parseTemplate(text: string, file: string): Template {
  const isJson = text.trimStart().startsWith('{');
  // JSON syntax errors get JSON's line and column; the YAML parse below is only for line numbers.
  // A key written twice is refused as YAML's is: CloudFormation takes the last one silently
  // (docs/aws-behaviour.md "Duplicate keys in a CloudFormation template"), where a reviewer reads the first.
  const jsonData = isJson ? parseJsonUniqueKeys(text, file, 'CloudFormation template JSON') : undefined;
  const lineCounter = new LineCounter();
  checkTextSize(text, 'template', file);
  if (isJson) checkJsonDepth(text, file);
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: !isJson,
    customTags: cloudFormationTags,
  });
  if (!isJson && doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const why = mayQuote(file) ? excerpt(err.message.split('\n')[0] ?? '', 160) : err.code;
    throw new InputError(`invalid YAML: ${why}`, {
      file,
      line: err.linePos?.[0]?.line,
    });
  }
  const data = jsonData ?? yamlToJs(doc, file, {}, text);
  if (!isObject(data)) throw new InputError('a CloudFormation template must be a mapping', { file });
  if (!isJson) refuseVersionDependentScalars(doc, file, text, readsAt(data));
  const usable = doc.errors.length === 0;
  return {
    data,
    lineOf: (path) => {
      if (!usable) return undefined;
      const node = nodeAt(doc.contents, path);
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    },
    writtenAt: (path) => {
      const node = usable ? nodeAt(doc.contents, path) : null;
      // nodeAt stops at the deepest node it finds: only a scalar holding a number is the one asked.
      return node instanceof Scalar && typeof node.value === 'number' ? node.source : undefined;
    },
  };
}

/** The resource types whose definitions spokegate reads (policiesFromCloudFormation). */
const READ_TYPES = new Set(['AWS::EC2::VPCEndpoint', 'AWS::ApiGateway::RestApi']);

/**
 * The places of a template whose values can reach what spokegate reads: the transforms, the
 * parameters' names, types and defaults, every resource's logical id, Type, Condition and DependsOn,
 * the definitions of the endpoints and RestApis but their Tags and Metadata (a value elsewhere
 * reaches them through none of Ref, Fn::FindInMap, Fn::If: a Ref or Fn::GetAtt of another resource
 * is refused as known only after deploy), and the Mappings and Conditions those read (readEntries).
 * A YAML 1.1 scalar there is refused; elsewhere it changes only what spokegate does not check
 * (docs/aws-behaviour.md §45).
 */
function readsAt(data: Record<string, unknown>): (path: readonly string[]) => boolean {
  const resources = isObject(data.Resources) ? data.Resources : {};
  const read = readEntries(data, resources);
  return ([section, id, field, sub]) => {
    if (section === 'Transform') return true;
    if (section === 'Mappings') return id === undefined || read.allMappings || read.mappings.has(id);
    if (section === 'Conditions') return id === undefined || read.conditions.has(id);
    if (id === undefined) return false;
    if (section === 'Parameters') return field === undefined || ['Default', 'Type', 'NoEcho'].includes(field);
    if (section !== 'Resources') return false;
    if (field === undefined || field === 'Type' || field === 'Condition' || field === 'DependsOn')
      return true;
    const res = Object.hasOwn(resources, id) ? resources[id] : undefined;
    const type = isObject(res) ? res.Type : undefined;
    if (typeof type !== 'string' || !READ_TYPES.has(type)) return false;
    return field !== 'Metadata' && !(field === 'Properties' && sub === 'Tags');
  };
}

/**
 * The Mappings and Conditions what spokegate reads can reach: a map an Fn::FindInMap names (every
 * map when one names it by anything but a written-out name), a condition an Fn::If or a read
 * resource's Condition names, and what those conditions name in turn (`Condition: C`, Fn::FindInMap).
 */
function readEntries(
  data: Record<string, unknown>,
  resources: Record<string, unknown>,
): { mappings: Set<string>; allMappings: boolean; conditions: Set<string> } {
  const conditions = isObject(data.Conditions) ? data.Conditions : {};
  const out = { mappings: new Set<string>(), allMappings: false, conditions: new Set<string>() };
  const stack: unknown[] = [];
  const condition = (name: unknown) => {
    if (typeof name !== 'string' || out.conditions.has(name)) return;
    out.conditions.add(name);
    if (Object.hasOwn(conditions, name)) stack.push(conditions[name]);
  };
  for (const res of Object.values(resources)) {
    if (!isObject(res) || typeof res.Type !== 'string' || !READ_TYPES.has(res.Type)) continue;
    const { Metadata: _m, ...read } = res;
    stack.push(read);
  }
  const first = (arg: unknown): unknown => (Array.isArray(arg) ? (arg as unknown[])[0] : undefined);
  // Iterative: no recursion over a hostile template's depth.
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...(v as unknown[]));
    if (!isObject(v)) continue;
    for (const [k, arg] of Object.entries(v)) {
      if (k === 'Fn::FindInMap') {
        const map = first(arg);
        if (typeof map === 'string') out.mappings.add(map);
        else out.allMappings = true;
      } else if (k === 'Fn::If') condition(first(arg));
      else if (k === 'Condition') condition(arg);
      stack.push(arg);
    }
  }
  return out;
}

function nodeAt(root: YamlNode | null, path: Path): YamlNode | null {
  let cur: unknown = root;
  let last: YamlNode | null = root;
  for (const key of path) {
    if (isMap(cur)) {
      const pair = cur.items.find(
        (p) => String((p.key as { value?: unknown } | null)?.value) === String(key),
      );
      if (!pair) return last;
      cur = pair.value;
    } else if (isSeq(cur)) {
      cur = cur.items[Number(key)];
    } else return last;
    if (cur && typeof cur === 'object' && 'range' in cur && (cur as YamlNode).range) last = cur as YamlNode;
  }
  return last;
}

function showPath(path: Path): string {
  return path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${excerpt(k)}` : excerpt(k)),
    '',
  );
}

/** `AWS::NoValue`: the property is dropped. */
const NO_VALUE = Symbol('AWS::NoValue');

/** What resolving one template has cost so far, shared by its resolvers (docs/limits.md). */
interface Work {
  steps: number;
  text: number;
}

class Resolver {
  private readonly region: string;
  private readonly account: string;
  private readonly partition: string;
  private readonly conditionCache = new Map<string, boolean>();

  constructor(
    private readonly template: Template,
    private readonly file: string,
    private readonly opts: CloudFormationOptions,
    private readonly work: Work = { steps: 0, text: 0 },
  ) {
    this.region = opts.region ?? 'us-east-1';
    this.account = opts.accountId ?? '123456789012';
    this.partition = opts.partition ?? partitionOfRegion(this.region);
  }

  fail(path: Path, message: string): never {
    const resource =
      path[0] === 'Resources' && typeof path[1] === 'string' ? `resource ${excerpt(path[1])}: ` : '';
    throw new InputError(`${resource}${message}`, {
      file: this.file,
      line: this.template.lineOf(path),
      field: showPath(path),
    });
  }

  /**
   * Charge `steps` values visited and `text` characters built; past the template's budget the
   * template is refused (a few functions can otherwise ask for terabytes of text or 2^40 values).
   */
  private charge(path: Path, steps: number, text = 0): void {
    this.work.steps += steps;
    this.work.text += text;
    if (this.work.steps > MAX_TEMPLATE_STEPS)
      this.fail(
        path,
        `the template's intrinsic functions resolve more than ${formatCount(MAX_TEMPLATE_STEPS)} values; the limit is ${formatCount(MAX_TEMPLATE_STEPS)} per template (docs/limits.md)`,
      );
    if (this.work.text > MAX_TEMPLATE_TEXT)
      this.fail(
        path,
        `the template's intrinsic functions build more than ${formatBytes(MAX_TEMPLATE_TEXT)} of text; the limit is ${formatBytes(MAX_TEMPLATE_TEXT)} per template (docs/limits.md)`,
      );
  }

  /** Resolve every intrinsic function in `value`. */
  value(value: unknown, path: Path): unknown {
    this.charge(path, 1);
    if (typeof value === 'number') return this.exactNumber(value, path);
    if (Array.isArray(value)) {
      return value.map((v, i) => this.value(v, [...path, i])).filter((v) => v !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0]!;
      if (key === 'Ref') return this.ref(value.Ref, [...path, 'Ref']);
      if (key.startsWith('Fn::')) return this.fn(key, value[key], [...path, key]);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = this.value(value[k], [...path, k]);
      if (v !== NO_VALUE) out[k] = v;
    }
    return out;
  }

  /**
   * A number is text to CloudFormation wherever it lands (a parameter's value "becomes a string";
   * Fn::Equals "requires a list of 2 string parameters"), but which text it makes of `1.0`, `1e2`
   * or `-0` is not documented: JavaScript reads them as 1, 100 and 0. Refused, as in policies (§37, §54).
   */
  private exactNumber(n: number, path: Path): number {
    const written = this.template.writtenAt(path);
    // A value through Fn::If lands where the Fn::If is, as it is.
    const at = landing(path);
    if (
      written !== undefined &&
      (/^[-+]?(?:\d*\.|\d+[eE])|^-0+$/.test(written) || !Number.isSafeInteger(n)) &&
      !(numericConditionValue(at) && sameDecimal(written, String(n))) &&
      !((equalsOperand(at) || parameterDefault(at)) && everyPrintedAlike(written))
    )
      return this.fail(
        path,
        `the unquoted number ${excerpt(written, 32)} is text to CloudFormation, but which text (as written, or as a parser prints ${String(n)}) is not documented: quote it`,
      );
    return n;
  }

  private str(value: unknown, path: Path, what: string): string {
    const v = this.value(value, path);
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(path, `${what} must be a string`);
  }

  private list(value: unknown, path: Path, what: string): unknown[] {
    const v = this.value(value, path);
    if (!Array.isArray(v)) return this.fail(path, `${what} must be a list`);
    return v;
  }

  private args(value: unknown, path: Path, fn: string, min: number, max = min): unknown[] {
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      const n = min === max ? `${min}` : `${min} to ${max}`;
      return this.fail(path, `${fn} takes a list of ${n} arguments`);
    }
    return value;
  }

  /**
   * A resource's own properties naming it (Ref, Fn::GetAtt, `${Name}` in Fn::Sub): CloudFormation
   * refuses the template ("Circular dependency between resources"), so no policy of it is ever in
   * force; binding the name to the configured id would judge a template that cannot deploy.
   */
  private refuseSelf(name: string, path: Path, as: string): void {
    if (path[0] === 'Resources' && path[1] === name)
      this.fail(
        path,
        `${as} refers to the resource itself: CloudFormation refuses a circular dependency, so this template cannot be deployed`,
      );
  }

  /** `as`: how the template wrote it, when not `Ref NAME` (an id attribute through Fn::GetAtt). */
  ref(name: unknown, path: Path, as?: string): unknown {
    if (typeof name !== 'string') return this.fail(path, 'Ref takes a name');
    switch (name) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        if (this.opts.accountId === undefined && this.opts.accountUnknown)
          return this.fail(
            path,
            `cannot resolve AWS::AccountId offline: the account is not stated (state ${this.opts.accountUnknown})`,
          );
        return this.account;
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::URLSuffix':
        return this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::StackName':
        if (this.opts.stackName) return this.opts.stackName;
        break;
    }
    this.refuseSelf(name, path, as ?? `Ref ${excerpt(name)}`);
    const params = isObject(this.template.data.Parameters) ? this.template.data.Parameters : {};
    const param = Object.hasOwn(params, name) ? params[name] : undefined;
    // A NoEcho parameter is a secret (CloudFormation masks it): its value, given or the Default,
    // would be printed in the diff, the reports and the errors that quote a statement. NoEcho is a
    // Boolean CloudFormation may read in other spellings ('True', 'TRUE'): any value but false is one.
    if (isObject(param) && param.NoEcho !== undefined && param.NoEcho !== false && param.NoEcho !== 'false')
      return this.fail(
        path,
        `cannot resolve Ref ${excerpt(name)}: parameter ${excerpt(name)} is NoEcho (a secret), and spokegate prints the policies it reads; write the value into the policy if it is not secret`,
      );
    const given = own(this.opts.parameters, name);
    if (given !== undefined) return given;
    if (isObject(param)) {
      if (param.Default === undefined) {
        return this.fail(
          path,
          `cannot resolve Ref ${excerpt(name)} offline: parameter ${excerpt(name)} has no Default`,
        );
      }
      const type = typeof param.Type === 'string' ? param.Type : 'String';
      // An SSM parameter type's value (given or Default) is the name of a Systems Manager parameter;
      // CloudFormation reads that parameter's value at deploy (the stack's ResolvedValue).
      if (type.startsWith('AWS::SSM::Parameter::Value<'))
        return this.fail(
          path,
          `cannot resolve Ref ${excerpt(name)} offline: parameter ${excerpt(name)} is of an SSM parameter type (AWS::SSM::Parameter::Value<…>), whose value CloudFormation reads from the Systems Manager parameter its Default names, at deploy`,
        );
      const def = param.Default;
      if ((type === 'CommaDelimitedList' || type.startsWith('List<')) && typeof def === 'string') {
        return def.split(',').map((s) => s.trim());
      }
      // CloudFormation refuses a template whose Default is a list, a map or a function: "Template
      // format error: Every Default member must be a string." (cloudtools/troposphere#808,
      // aws/aws-sam-cli#1358); such a Default was returned as it is (attack run 20 C01-C03).
      if (typeof def === 'object')
        return this.fail(
          ['Parameters', name, 'Default'],
          `CloudFormation refuses this template: "Every Default member must be a string" (a Default is a string or a number, not a list, a map or a function)`,
        );
      // "the parameter value becomes a string" (Parameters, Type Number); a YAML true as well.
      if (typeof def === 'number') return String(this.exactNumber(def, ['Parameters', name, 'Default']));
      return typeof def === 'boolean' ? String(def) : def;
    }
    const physical = own(this.opts.physicalIds, name);
    if (physical !== undefined) return physical;
    const resources = isObject(this.template.data.Resources) ? this.template.data.Resources : {};
    if (Object.hasOwn(resources, name)) {
      const res = resources[name];
      const endpoint =
        isObject(res) && res.Type === 'AWS::EC2::VPCEndpoint'
          ? `; spokegate takes a template's execute-api endpoint for the config's endpoint whose vpc is its VpcId (state endpoints.ALIAS.vpc), or for the endpoint whose policy file the template is, and ${excerpt(name)} is neither`
          : '';
      return this.fail(
        path,
        `cannot resolve ${as ?? `Ref ${excerpt(name)}`} offline: the physical id of resource ${excerpt(name)} is known only after deploy${endpoint}`,
      );
    }
    if (name.startsWith('AWS::')) return this.fail(path, `cannot resolve Ref ${excerpt(name)} offline`);
    return this.fail(path, `Ref ${excerpt(name)}: no such parameter or resource`);
  }

  fn(name: string, arg: unknown, path: Path): unknown {
    if (
      (LANGUAGE_EXTENSIONS.has(name) ||
        (name === 'Fn::FindInMap' && Array.isArray(arg) && arg.length === 4)) &&
      ![this.template.data.Transform].flat().includes('AWS::LanguageExtensions')
    )
      return this.fail(
        path,
        `${name}${name === 'Fn::FindInMap' ? ' with a DefaultValue' : ''} needs the AWS::LanguageExtensions transform, which the template does not declare (Transform): CloudFormation knows it only through that transform`,
      );
    switch (name) {
      case 'Fn::Sub':
        return this.sub(arg, path);
      case 'Fn::Join': {
        const [delim, items] = this.args(arg, path, name, 2);
        const d = this.str(delim, [...path, 0], 'the Fn::Join delimiter');
        const list = this.list(items, [...path, 1], 'the Fn::Join values');
        const parts = list.map((v, i) => {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
          return this.fail([...path, 1, i], 'Fn::Join values must be strings');
        });
        this.charge(
          path,
          parts.length,
          parts.reduce((n, p) => n + p.length, d.length * parts.length),
        );
        return parts.join(d);
      }
      case 'Fn::Select': {
        const [index, items] = this.args(arg, path, name, 2);
        const at = this.value(index, [...path, 0]);
        // A number, or its decimal digits as text ("1", the page's example): `" 2"`, `"0x1"`, `"01"`,
        // `"1.0"`, `""` or `true` (JavaScript's Number reads them as 2, 1, 1, 1, 0, 1) are not
        // documented as indexes, so which item CloudFormation would pick is not known (§54).
        if (!(typeof at === 'number' || (typeof at === 'string' && /^(?:0|[1-9]\d{0,8})$/.test(at))))
          return this.fail(
            [...path, 0],
            `Fn::Select index ${excerpt(JSON.stringify(at) ?? String(at), 32)} is not an integer (a number, or its digits as text: "1")`,
          );
        const i = Number(at);
        const list = this.list(items, [...path, 1], 'the Fn::Select list');
        if (!Number.isInteger(i) || i < 0 || i >= list.length) {
          return this.fail(path, `Fn::Select index ${String(i)} is out of range (list of ${list.length})`);
        }
        return list[i];
      }
      case 'Fn::Split': {
        const [delim, source] = this.args(arg, path, name, 2);
        const d = this.str(delim, [...path, 0], 'the Fn::Split delimiter');
        const from = this.str(source, [...path, 1], 'the Fn::Split source');
        this.charge(path, d === '' ? from.length : 1, from.length);
        const parts = from.split(d);
        this.charge(path, parts.length);
        return parts;
      }
      case 'Fn::If': {
        // "You can use the Fn::If condition in the Metadata attribute, UpdatePolicy attribute, and
        // property values in the Resources and Outputs sections" (Condition functions; §70).
        if (path[0] === 'Conditions')
          return this.fail(
            path,
            'Fn::If is no function of the Conditions section (CloudFormation takes it in Metadata, UpdatePolicy and property values of Resources and Outputs)',
          );
        const [cond, whenTrue, whenFalse] = this.args(arg, path, name, 3);
        if (typeof cond !== 'string') return this.fail([...path, 0], 'Fn::If takes a condition name');
        return this.condition(cond, [...path, 0])
          ? this.value(whenTrue, [...path, 1])
          : this.value(whenFalse, [...path, 2]);
      }
      case 'Fn::FindInMap': {
        const parts = this.args(arg, path, name, 3, 4);
        const [map, top, second] = [0, 1, 2].map((i) =>
          this.str(parts[i], [...path, i], 'a Fn::FindInMap key'),
        );
        const mappings = isObject(this.template.data.Mappings) ? this.template.data.Mappings : {};
        const m = own(mappings, map!);
        const t = isObject(m) ? own(m, top!) : undefined;
        const v = isObject(t) ? own(t, second!) : undefined;
        if (v !== undefined) return this.value(v, ['Mappings', map!, top!, second!]);
        // Fn::FindInMap's optional DefaultValue (AWS::LanguageExtensions).
        const dflt = parts[3];
        if (isObject(dflt) && 'DefaultValue' in dflt) return this.value(dflt.DefaultValue, [...path, 3]);
        return this.fail(
          path,
          `Fn::FindInMap: no Mappings.${excerpt(String(map))}.${excerpt(String(top))}.${excerpt(String(second))}`,
        );
      }
      case 'Fn::Base64': {
        const text = this.str(arg, path, 'the Fn::Base64 value');
        this.charge(path, 1, Math.ceil((Buffer.byteLength(text) * 4) / 3));
        return Buffer.from(text, 'utf8').toString('base64');
      }
      case 'Fn::ToJsonString': {
        // "converts an object or array" (its page): what it makes of a number or a string is not said.
        const v = this.value(arg, path);
        if (!isObject(v) && !Array.isArray(v))
          return this.fail(
            path,
            'Fn::ToJsonString takes an object or an array (its page documents no other)',
          );
        const json = JSON.stringify(v);
        this.charge(path, 1, json.length);
        return json;
      }
      case 'Fn::Length':
        return this.list(arg, path, 'the Fn::Length value').length;
      case 'Fn::ImportValue': {
        const exportName = this.str(arg, path, 'the Fn::ImportValue name');
        const v = own(this.opts.imports, exportName);
        if (v !== undefined) return v;
        return this.fail(
          path,
          `cannot resolve Fn::ImportValue ${excerpt(exportName)} offline: another stack's export`,
        );
      }
      case 'Fn::GetAtt': {
        const parts = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
        const [res, ...attr] = parts.map((p, i) => this.str(p, [...path, i], 'a Fn::GetAtt part'));
        const key = `${res}.${attr.join('.')}`;
        const shown = `Fn::GetAtt ${excerpt(key)}`;
        if (res !== undefined) this.refuseSelf(res, path, shown);
        const v = own(this.opts.physicalIds, key);
        if (v !== undefined) return v;
        // The attribute that is the resource's id is what Ref gives (the endpoint's or API's
        // physical id, bound from the config): resolved, and refused, as Ref is.
        const resources = isObject(this.template.data.Resources) ? this.template.data.Resources : {};
        const def = res !== undefined && Object.hasOwn(resources, res) ? resources[res] : undefined;
        const type = isObject(def) ? def.Type : undefined;
        if (attr.length === 1 && typeof type === 'string' && ID_ATTRIBUTE[type] === attr[0])
          return this.ref(res, path, shown);
        return this.fail(path, `cannot resolve ${shown} offline: known only after deploy`);
      }
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
        return this.conditionExpr({ [name]: arg }, path.slice(0, -1));
      default:
        return this.fail(path, `cannot resolve ${excerpt(name)} offline`);
    }
  }

  private sub(arg: unknown, path: Path): string {
    let template: unknown = arg;
    let vars: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      const [t, v] = this.args(arg, path, 'Fn::Sub', 1, 2);
      template = t;
      if (v !== undefined) {
        if (!isObject(v)) return this.fail([...path, 1], 'the Fn::Sub variables must be a mapping');
        vars = v;
      }
    }
    if (typeof template !== 'string') return this.fail(path, 'Fn::Sub takes a string');
    const tplPath = Array.isArray(arg) ? [...path, 0] : path;
    this.charge(tplPath, 1, template.length);
    return template.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => {
      const built = this.subExpr(expr, vars, path, tplPath);
      this.charge(tplPath, 1, built.length);
      return built;
    });
  }

  /** One `${…}` of an Fn::Sub template: its value. */
  private subExpr(expr: string, vars: Record<string, unknown>, path: Path, tplPath: Path): string {
    if (expr.startsWith('!')) return `\${${expr.slice(1)}}`; // ${!Literal} stays literal
    const name = expr.trim();
    if (Object.hasOwn(vars, name))
      return this.str(vars[name], [...path, 1, name], `the Fn::Sub variable ${excerpt(name)}`);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      return this.str({ 'Fn::GetAtt': [name.slice(0, dot), name.slice(dot + 1)] }, tplPath, name);
    }
    const v = this.ref(name, tplPath);
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return this.fail(tplPath, `Fn::Sub: \${${excerpt(name)}} is a list`);
    return this.fail(tplPath, `Fn::Sub: \${${excerpt(name)}} has no value`);
  }

  /** The value of a named condition in the template's Conditions. */
  condition(name: string, path: Path, seen: string[] = []): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (seen.includes(name)) return this.fail(path, `condition ${excerpt(name)} refers to itself`);
    const conditions = isObject(this.template.data.Conditions) ? this.template.data.Conditions : {};
    if (!Object.hasOwn(conditions, name)) return this.fail(path, `no condition named ${excerpt(name)}`);
    const v = this.conditionExpr(conditions[name], ['Conditions', name], [...seen, name]);
    this.conditionCache.set(name, v);
    return v;
  }

  private conditionExpr(expr: unknown, path: Path, seen: string[] = []): boolean {
    if (isObject(expr) && Object.keys(expr).length === 1) {
      if (typeof expr.Condition === 'string') return this.condition(expr.Condition, path, seen);
      const [key] = Object.keys(expr) as [string];
      const arg = expr[key];
      const p = [...path, key];
      switch (key) {
        case 'Fn::Equals': {
          // Both are text to CloudFormation ("every Fn::Equals object requires a list of 2 string
          // parameters", its error): 1 and "1", true and "true" are equal (docs/aws-behaviour.md §54).
          const [a, b] = this.args(arg, p, key, 2).map((v, i) => {
            const text = asText(this.value(v, [...p, i]));
            // YAML's null (`~`, `null`, nothing) is no string: what CloudFormation compares it as is not documented.
            return text === null ? this.fail([...p, i], 'null is no string to compare: quote it') : text;
          });
          return JSON.stringify(a) === JSON.stringify(b);
        }
        case 'Fn::And':
          return this.args(arg, p, key, 2, 10).every((c, i) => this.conditionExpr(c, [...p, i], seen));
        case 'Fn::Or':
          return this.args(arg, p, key, 2, 10).some((c, i) => this.conditionExpr(c, [...p, i], seen));
        case 'Fn::Not':
          return !this.conditionExpr(this.args(arg, p, key, 1)[0], [...p, 0], seen);
      }
    }
    const v = this.value(expr, path);
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return this.fail(path, 'a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition');
  }
}

/** A number or a boolean as the text CloudFormation holds it; anything else as it is. */
const asText = (v: unknown): unknown => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);

/**
 * Transforms whose effect on the two resource types read here is known: SAM processes only
 * AWS::Serverless::* resources, and AWS::LanguageExtensions adds intrinsics the resolver knows (and
 * Fn::ForEach, refused below where it would make resources).
 */
/**
 * Intrinsics that exist only under AWS::LanguageExtensions ("You must use the
 * AWS::LanguageExtensions transform to use" each, on its page; also FindInMap's DefaultValue).
 */
const LANGUAGE_EXTENSIONS = new Set(['Fn::Length', 'Fn::ToJsonString']);
const KNOWN_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);
const PROCESSED =
  "give the processed template instead (aws cloudformation get-template --template-stage Processed, or the change set's)";

/**
 * A macro rewrites the template before CloudFormation creates anything (transform-section-structure),
 * so what it names is not read as written: a template Transform other than the known ones is exit 2
 * here, a resource made by Fn::ForEach or Fn::Transform and Fn::Transform in an endpoint's or API's
 * definition where the resources are read (docs/aws-behaviour.md §16).
 */
function refuseMacros(data: Record<string, unknown>, r: Resolver): void {
  const transforms =
    data.Transform === undefined ? [] : Array.isArray(data.Transform) ? data.Transform : [data.Transform];
  transforms.forEach((t, i) => {
    const at: Path = Array.isArray(data.Transform) ? ['Transform', i] : ['Transform'];
    if (typeof t !== 'string') r.fail(at, 'a Transform must name a macro');
    if (!KNOWN_TRANSFORMS.has(t))
      r.fail(
        at,
        `macro "${excerpt(t, 64)}" rewrites the template before deploy, which spokegate cannot do offline: ${PROCESSED}`,
      );
  });
}

/** One resource's dependency on another: the other's name, how the template says it, and where. */
interface Dependency {
  on: string;
  via: string;
  path: Path;
}

/**
 * The resources `value` (somewhere in resource `from`'s definition) depends on, the four ways
 * CloudFormation (and cfn-lint E3004) reads a dependency: Ref, Fn::GetAtt, `${Name}` or
 * `${Name.Attr}` in Fn::Sub (not a variable of its own, not `${!Literal}`, not AWS::), DependsOn.
 * Conditions are not read: a reference in either branch of Fn::If counts, as cfn-lint counts it.
 */
function dependenciesIn(
  value: unknown,
  path: Path,
  resources: Record<string, unknown>,
  out: Dependency[],
): void {
  const add = (on: unknown, via: string) => {
    if (typeof on === 'string' && Object.hasOwn(resources, on)) out.push({ on, via, path });
  };
  if (Array.isArray(value)) {
    value.forEach((v, i) => dependenciesIn(v, [...path, i], resources, out));
    return;
  }
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'Ref') add(v, `Ref ${String(v)}`);
    else if (k === 'Fn::GetAtt') {
      const res: unknown = Array.isArray(v) ? v[0] : typeof v === 'string' ? v.split('.')[0] : undefined;
      add(res, `Fn::GetAtt ${String(res)}`);
    } else if (k === 'Fn::Sub') {
      const [text, vars] = (Array.isArray(v) ? v : [v]) as unknown[];
      if (typeof text === 'string')
        for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const name = m[1]!.trim();
          if (isObject(vars) && Object.hasOwn(vars, name)) continue;
          add(name.split('.')[0], `\${${name}} in Fn::Sub`);
        }
    }
    dependenciesIn(v, [...path, k], resources, out);
  }
}

/**
 * A resource's DependsOn as CloudFormation takes it: a logical id or a list of them, each a resource
 * of the template ("Unresolved resource dependencies" otherwise) or one a transform makes
 * (`made`: SAM's, samMade).
 */
function dependsOn(
  id: string,
  res: Record<string, unknown>,
  resources: Record<string, unknown>,
  r: Resolver,
  made: ((id: string) => boolean) | undefined,
): Dependency[] {
  const d = res.DependsOn;
  if (d === undefined) return [];
  const list: unknown[] = Array.isArray(d) ? d : [d];
  return list.map((on, i) => {
    const path: Path = Array.isArray(d) ? ['Resources', id, 'DependsOn', i] : ['Resources', id, 'DependsOn'];
    if (typeof on !== 'string')
      return r.fail(path, "DependsOn takes a resource's logical id or a list of them");
    if (!Object.hasOwn(resources, on) && !made?.(on))
      r.fail(
        path,
        `DependsOn ${JSON.stringify(excerpt(on, 80))} names no resource of the template${made ? ' nor one SAM makes from it' : ''}, which CloudFormation refuses ("Unresolved resource dependencies")`,
      );
    return { on, via: `DependsOn ${excerpt(on)}`, path };
  });
}

/**
 * A cycle of dependencies between the template's resources (each step from one resource to the
 * next), or undefined. Depth first without recursion: a chain of thousands of resources is no cycle.
 */
function dependencyCycle(edges: Map<string, Dependency[]>): { from: string; dep: Dependency }[] | undefined {
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  for (const root of edges.keys()) {
    if (done.has(root)) continue;
    // The path from the root: each resource and the index of its next dependency to follow.
    const stack: { id: string; next: number; via?: Dependency }[] = [{ id: root, next: 0 }];
    onPath.set(root, 0);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const dep = edges.get(top.id)?.[top.next++];
      if (!dep) {
        stack.pop();
        onPath.delete(top.id);
        done.add(top.id);
        continue;
      }
      const at = onPath.get(dep.on);
      if (at !== undefined) {
        const steps = stack.slice(at + 1).map((f, i) => ({ from: stack[at + i]!.id, dep: f.via! }));
        return [...steps, { from: top.id, dep }];
      }
      if (done.has(dep.on)) continue;
      onPath.set(dep.on, stack.length);
      stack.push({ id: dep.on, next: 0, via: dep });
    }
  }
  return undefined;
}

/**
 * The logical ids SAM makes that the template does not list, when it makes any: SAM expands each
 * `AWS::Serverless::*` resource and each embedded `Connectors` entry into resources whose ids begin
 * with the resource's own ("AWS SAM uses the LogicalIds of the AWS SAM resources in your template
 * file to construct the LogicalIds of the CloudFormation resources it generates",
 * sam-specification-generated-resources: `FnRole`, `ApiDeployment<sha>`, `QueueReadsPolicy`), and
 * makes a few of its own, named in samtranslator (SAM_OWN). `AWS::LanguageExtensions` makes
 * resources only through Fn::ForEach, refused (refuseMacros); other transforms are refused there too.
 */
function samMade(
  data: Record<string, unknown>,
  resources: Record<string, unknown>,
): ((id: string) => boolean) | undefined {
  const transforms: unknown[] = data.Transform === undefined ? [] : [data.Transform].flat();
  if (!transforms.includes('AWS::Serverless-2016-10-31')) return undefined;
  const heads = Object.entries(resources).flatMap(([id, res]) =>
    isObject(res) &&
    ((typeof res.Type === 'string' && res.Type.startsWith('AWS::Serverless::')) || isObject(res.Connectors))
      ? [id]
      : [],
  );
  if (heads.length === 0) return undefined;
  return (id) => heads.some((h) => id.startsWith(h)) || SAM_OWN.some((h) => id.startsWith(h));
}

/**
 * The beginnings of the logical ids SAM makes that no resource of the template names
 * (aws/serverless-application-model, samtranslator: the implicit `ServerlessRestApi` and
 * `ServerlessHttpApi`, `ServerlessUsagePlan`/`ServerlessApiKey`/`ServerlessUsagePlanKey`,
 * `ServerlessDeploymentApplication`, `CodeDeployServiceRole`, `ApiGatewayDomainName<sha>` and
 * `ApiGatewayDomainNameV2<sha>`, `RecordSetGroup<sha>`, `DomainNameAccessAssociation<sha>`).
 */
const SAM_OWN = [
  'Serverless',
  'CodeDeployServiceRole',
  'ApiGatewayDomainName',
  'RecordSetGroup',
  'DomainNameAccessAssociation',
];

/**
 * CloudFormation refuses the whole template when its resources depend on each other in a cycle
 * ("Circular dependency between resources: [A, B]"; a resource on itself too): none of its policies
 * is ever in force, whichever resources the cycle runs through.
 */
function refuseCycles(data: Record<string, unknown>, resources: Record<string, unknown>, r: Resolver): void {
  const made = samMade(data, resources);
  const edges = new Map<string, Dependency[]>();
  for (const [id, res] of Object.entries(resources)) {
    // "The logical ID must be alphanumeric (A-Za-z0-9) and unique within the template." An
    // `Fn::ForEach::` key is no logical id but a loop the transform expands: refused with its own reason.
    if (!/^[A-Za-z0-9]+$/.test(id) && !id.startsWith('Fn::ForEach::'))
      r.fail(
        ['Resources', id],
        'a logical id must be alphanumeric (A-Za-z0-9): CloudFormation refuses the template, so it cannot be deployed',
      );
    if (!isObject(res)) continue;
    const { DependsOn: _d, ...rest } = res;
    const out = dependsOn(id, res, resources, r, made);
    dependenciesIn(rest, ['Resources', id], resources, out);
    edges.set(id, out);
  }
  const cycle = dependencyCycle(edges);
  if (!cycle) return;
  const first = cycle[0]!;
  if (cycle.length === 1)
    r.fail(
      first.dep.path,
      `${first.dep.via} refers to the resource itself: CloudFormation refuses a circular dependency, so this template cannot be deployed`,
    );
  // Bounded: a cycle through hundreds of resources is named by its first steps.
  const names10 = [...new Set(cycle.map((c) => c.from))].sort();
  const shown =
    names10.length > 10
      ? `${names10
          .slice(0, 10)
          .map((n) => excerpt(n))
          .join(', ')}, … (${names10.length} in all)`
      : names10.map((n) => excerpt(n)).join(', ');
  const steps = cycle
    .slice(0, 5)
    .map((c) => `${excerpt(c.from)} on ${excerpt(c.dep.on)} through ${c.dep.via}`);
  if (cycle.length > 5) steps.push(`… ${cycle.length - 5} more`);
  r.fail(
    first.dep.path,
    `circular dependency between resources: [${shown}] (${steps.join('; ')}): CloudFormation refuses such a template, so it cannot be deployed`,
  );
}

/** Where Fn::Transform (the YAML !Transform too) sits in a value; undefined if nowhere. */
function transformIn(value: unknown, path: Path, depth = 0): Path | undefined {
  if (depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = transformIn(value[i], [...path, i], depth + 1);
      if (hit) return hit;
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Fn::Transform') return [...path, k];
      const hit = transformIn(v, [...path, k], depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The endpoint and resource policies of a CloudFormation template. */
export function policiesFromCloudFormation(
  text: string,
  file: string,
  opts: CloudFormationOptions = {},
): PolicyFileResult {
  const template = parseTemplate(text, file);
  const resources = template.data.Resources;
  if (!isObject(resources)) {
    throw new InputError('a CloudFormation template needs a "Resources" mapping', {
      file,
      field: 'Resources',
    });
  }
  // Physical ids the caller knows, plus the bindings asked for (found in a first pass).
  const physicalIds: Record<string, string> = { ...opts.physicalIds };
  const work = { steps: 0, text: 0 };
  const r: Resolver = new Resolver(template, file, { ...opts, physicalIds }, work);
  refuseMacros(template.data, r);
  const result: PolicyFileResult = {
    file,
    format: 'cloudformation',
    endpoints: [],
    resourcePolicies: [],
    removed: [],
    unknown: [],
    notes: [],
  };
  interface Found {
    id: string;
    props: Record<string, unknown>;
    propPath: Path;
  }
  const endpoints: (Found & { service: string })[] = [];
  const apis: (Found & { name?: string })[] = [];
  // "The logical ID must be alphanumeric (A-Za-z0-9) and unique within the template", at most 255
  // characters (CloudFormation user guide, resources-section-structure; quotas): CloudFormation
  // refuses any other, and messages name resources and parameters by it.
  const params = isObject(template.data.Parameters) ? template.data.Parameters : {};
  for (const [section, ids] of [
    ['Parameters', Object.keys(params)],
    ['Resources', Object.keys(resources).filter((id) => !id.startsWith('Fn::'))],
  ] as const)
    for (const id of ids)
      if (!/^[A-Za-z0-9]{1,255}$/.test(id))
        throw new InputError(
          `the logical id ${JSON.stringify(excerpt(id, 80))} (${id.length.toLocaleString('en-US')} characters) is not 1-255 letters and digits, which CloudFormation requires`,
          { file, field: section },
        );
  refuseCycles(template.data, resources, r);
  for (const [id, res] of Object.entries(resources)) {
    const base: Path = ['Resources', id];
    if (id.startsWith('Fn::'))
      r.fail(base, `this key makes resources at deploy, which spokegate cannot do offline: ${PROCESSED}`);
    if (!isObject(res)) continue;
    if (typeof res.Type !== 'string' || !READ_TYPES.has(res.Type)) continue;
    const macro = transformIn(res, base);
    if (macro)
      r.fail(
        macro,
        `Fn::Transform makes this definition at deploy, which spokegate cannot do offline: ${PROCESSED}`,
      );
    const props = isObject(res.Properties) ? res.Properties : {};
    const propPath: Path = [...base, 'Properties'];
    if (typeof res.Condition === 'string' && !r.condition(res.Condition, [...base, 'Condition'])) {
      result.notes.push(`${excerpt(id)}: not created (condition ${excerpt(res.Condition)} is false)`);
      continue;
    }
    if (res.Type === 'AWS::EC2::VPCEndpoint') {
      const service = deployValue(r, props.ServiceName, [...propPath, 'ServiceName'], file, 'the property');
      if (typeof service !== 'string') r.fail([...propPath, 'ServiceName'], 'ServiceName must be a string');
      if (service.endsWith('.execute-api')) endpoints.push({ id, props, propPath, service });
    } else {
      const name = tryValue(r, props.Name, [...propPath, 'Name']);
      apis.push({ id, props, propPath, ...(typeof name === 'string' ? { name } : {}) });
    }
  }
  // A template's endpoint is the configured endpoint in its VPC (its VpcId resolved offline), or,
  // for an endpoint's own policy file, that endpoint when the template has only the one and its VPC
  // is not another's. Never another endpoint's id by default: `Ref` to it is then exit 2.
  const vpcOf = new Map<string, string>();
  for (const e of endpoints) {
    const vpc = tryValue(r, e.props.VpcId, [...e.propPath, 'VpcId']);
    if (typeof vpc !== 'string') continue;
    vpcOf.set(e.id, vpc);
    const inVpc = (opts.endpoints ?? []).filter((c) => c.vpc === vpc);
    if (inVpc.length !== 1) continue;
    // Two execute-api endpoints in that VPC (AWS allows it, private DNS on one at most): which one is
    // the configured endpoint is not in the template. Taking one without a word judged the other's
    // policy as the configured endpoint's (attack run 12).
    const other = endpoints.find((o) => o !== e && vpcOf.get(o.id) === vpc);
    if (other)
      r.fail(
        [...e.propPath, 'VpcId'],
        `${excerpt(other.id)} and ${excerpt(e.id)} are both execute-api endpoints in ${excerpt(vpc)}, the VPC of the configured endpoint ${inVpc[0]!.id}: which one it is cannot be told offline; give the endpoint's policy file only its own endpoint`,
      );
    physicalIds[e.id] ??= inVpc[0]!.id;
  }
  const endpoint = endpoints[0];
  if (opts.bindEndpoint && endpoints.length === 1 && endpoint && physicalIds[endpoint.id] === undefined) {
    const own = opts.endpoints?.find((c) => c.id === opts.bindEndpoint)?.vpc;
    const vpc = vpcOf.get(endpoint.id);
    if (!own || !vpc || own === vpc) physicalIds[endpoint.id] = opts.bindEndpoint;
  }
  // An API the caller knows: Ref to it gives its id, and its policy is resolved in its own account
  // and region (a spoke's template says ${AWS::AccountId} meaning the spoke).
  const apiResolvers = new Map<string, Resolver>();
  for (const api of apis) {
    if (!opts.bindApis && !opts.bindOnlyApi) continue;
    const want = [api.id, api.name].filter(Boolean).map((k) => k!.toLowerCase());
    const hit = Object.entries(opts.bindApis ?? {}).find(([k]) => want.includes(k.toLowerCase()));
    // The file's one API, not named like any configured one, is the API the file is for.
    const only = !hit && apis.length === 1 ? opts.bindOnlyApi : undefined;
    if (!hit && !only) continue;
    const bound = only ?? (typeof hit![1] === 'string' ? { id: hit![1] } : hit![1]);
    physicalIds[api.id] ??= bound.id;
    if (bound.account || bound.region) {
      const own = {
        ...opts,
        physicalIds,
        ...(bound.account ? { accountId: bound.account } : {}),
        ...(bound.region ? { region: bound.region } : {}),
      };
      apiResolvers.set(api.id, new Resolver(template, file, own, work));
    }
  }

  for (const { id, props, propPath, service } of endpoints) {
    const entry: EndpointPolicyEntry = {
      address: id,
      serviceName: service,
      policyText: policyText(r, props.PolicyDocument, [...propPath, 'PolicyDocument'], file, template),
    };
    if (props.PolicyDocument === undefined) {
      entry.noPolicyDocument = true;
      result.notes.push(`${excerpt(id)}: no PolicyDocument, so AWS's default full-access policy applies`);
    }
    const vpceId = physicalIds[id];
    if (vpceId) entry.vpceId = vpceId;
    const vpc = vpcOf.get(id);
    if (vpc) entry.vpc = vpc;
    result.endpoints.push(entry);
  }
  for (const { id, props, propPath, name } of apis) {
    // An OpenAPI definition can carry the API's policy (x-amazon-apigateway-policy), and one in S3 is
    // not read offline: what is in force is then not the Policy property alone (nor "none").
    const inBody =
      props.BodyS3Location !== undefined
        ? 'its BodyS3Location: an OpenAPI definition in S3 (not read offline) may carry x-amazon-apigateway-policy'
        : props.Body !== undefined &&
            (JSON.stringify(props.Body) ?? '').includes('x-amazon-apigateway-policy')
          ? "its Body's x-amazon-apigateway-policy, which API Gateway imports with the definition"
          : undefined;
    if (inBody) {
      result.unknown.push({
        kind: 'resource',
        address: id,
        ...(physicalIds[id] ? { apiId: physicalIds[id] } : {}),
        ...(name ? { apiName: name } : {}),
        field: props.BodyS3Location !== undefined ? 'BodyS3Location' : 'Body',
        message: `${id}: the resource policy may be set by ${inBody}${props.Policy === undefined ? '' : ' (beside the Policy property)'}; spokegate does not read policies from OpenAPI definitions: write the policy in the Policy property, not in the definition`,
      });
      continue;
    }
    if (props.Policy === undefined) {
      // A private API the template defines with no Policy has no resource policy: AWS refuses
      // every call to it (docs/aws-behaviour.md §3). That is a fact, not a gap; an API whose type
      // cannot be told offline is left out (as any other API without a policy).
      if (isPrivateApi(tryValue(r, props.EndpointConfiguration, [...propPath, 'EndpointConfiguration']))) {
        result.removed.push({
          kind: 'resource',
          left: 'no-policy',
          address: id,
          ...(physicalIds[id] ? { apiId: physicalIds[id] } : {}),
          ...(name ? { apiName: name } : {}),
          before: null,
          reason: 'the private API has no resource policy (no Policy property), so it refuses every call',
        });
      }
      continue;
    }
    const entry: ResourcePolicyEntry = {
      address: id,
      policyText: policyText(
        apiResolvers.get(id) ?? r,
        props.Policy,
        [...propPath, 'Policy'],
        file,
        template,
      ),
    };
    if (name) entry.apiName = name;
    const apiId = physicalIds[id];
    if (apiId) entry.apiId = apiId;
    result.resourcePolicies.push(entry);
  }
  return result;
}

/**
 * The Fn::GetAtt attribute that is the same id as Ref (CloudFormation's return values: a VPCEndpoint's
 * `Id`, a RestApi's `RestApiId`; docs/aws-behaviour.md §16).
 */
const ID_ATTRIBUTE: Record<string, string> = {
  'AWS::EC2::VPCEndpoint': 'Id',
  'AWS::ApiGateway::RestApi': 'RestApiId',
};

/** EndpointConfiguration.Types includes PRIVATE. */
function isPrivateApi(conf: unknown): boolean {
  return isObject(conf) && Array.isArray(conf.Types) && conf.Types.includes('PRIVATE');
}

/** A value the template may not give offline (a Ref known at deploy, a dynamic reference): undefined then. */
function tryValue(r: Resolver, value: unknown, path: Path): unknown {
  try {
    const v = r.value(value, path);
    return dynamicReference(v) ? undefined : v;
  } catch {
    return undefined;
  }
}

/** The first `{{resolve:…}}` in a resolved value (a string, or a policy object's text). */
function dynamicReference(v: unknown): string | undefined {
  return /\{\{resolve:[^}]*\}\}/.exec(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))?.[0];
}

/**
 * A resolved value that must be known offline: a dynamic reference in it is replaced at deploy by a
 * value from Systems Manager or Secrets Manager, so read as written it is a literal nothing carries
 * (a ServiceName so read made the endpoint no execute-api endpoint, its policy never compared).
 */
function deployValue(r: Resolver, raw: unknown, path: Path, file: string, what: string): unknown {
  const v = r.value(raw, path);
  const dynamic = dynamicReference(v);
  if (dynamic)
    r.fail(
      path,
      `${what} holds the dynamic reference ${mayQuote(file) ? excerpt(dynamic, 80) : '{{resolve:…}}'}, which CloudFormation resolves at deploy from Systems Manager or Secrets Manager; spokegate cannot know its value offline: write the value into the template`,
    );
  return v;
}

/** A PolicyDocument / Policy property: an object, or a JSON string (often built with Fn::Sub). */
function policyText(r: Resolver, raw: unknown, path: Path, file: string, template: Template): string {
  if (raw === undefined) return DEFAULT_ENDPOINT_POLICY;
  // Read as written, a dynamic reference is a literal no request carries (an Allow on it lets no
  // one in, a Deny unless it spares no one), whatever the deployed policy says.
  const v = deployValue(r, raw, path, file, 'the policy');
  const where = { file, line: template.lineOf(path), field: showPath(path) };
  if (typeof v === 'string') {
    checkPolicyText(v, where);
    let doc: unknown;
    try {
      doc = JSON.parse(v);
    } catch (e) {
      throw new InputError(
        `the policy string is not valid JSON (${jsonSyntaxWithin(jsonSyntaxError(v, e))})`,
        {
          file,
          line: template.lineOf(path),
          field: showPath(path),
        },
      );
    }
    if (!isObject(doc) || !('Statement' in doc)) r.fail(path, 'the policy has no "Statement"');
    return v;
  }
  if (!isObject(v) || !('Statement' in v))
    return r.fail(path, 'the policy must be a mapping with a "Statement"');
  const text = JSON.stringify(v, null, 2);
  checkPolicyText(text, where);
  return text;
}

/**
 * Whether `path` is a value of a policy's Numeric condition (`Condition.NumericLessThan.KEY`, or an
 * item of its list): IAM reads it as an "integer or decimal value" (§54), so `3600.0` and `3600`,
 * whichever text CloudFormation passes on, are one value there.
 */
function numericConditionValue(path: Path): boolean {
  const at = path.lastIndexOf('Condition');
  if (at === -1) return false;
  const rest = path.slice(at + 1);
  return (
    (rest.length === 2 || (rest.length === 3 && typeof rest[2] === 'number')) &&
    typeof rest[0] === 'string' &&
    /^(?:For(?:AnyValue|AllValues):)?Numeric[A-Za-z]*$/.test(rest[0])
  );
}

/** A path with the Fn::If branches it ends in taken off: where a value through them lands. */
function landing(path: Path): Path {
  let end = path.length;
  while (end >= 2 && path[end - 2] === 'Fn::If' && (path[end - 1] === 1 || path[end - 1] === 2)) end -= 2;
  return end === path.length ? path : path.slice(0, end);
}

/**
 * Whether a path is a parameter's Default, whose value "becomes a string" wherever Ref puts it
 * (template Parameters reference, Number; §70).
 */
const parameterDefault = (path: Path): boolean =>
  path.length === 3 && path[0] === 'Parameters' && path[2] === 'Default';

/** Whether a path is one of Fn::Equals's two values (text to CloudFormation, §54). */
const equalsOperand = (path: Path): boolean =>
  path.at(-2) === 'Fn::Equals' && typeof path.at(-1) === 'number';

/**
 * Whether a decimal's written text is the one every reader prints of its number, so that whichever
 * text CloudFormation compares is this one: plain notation with no trailing zero (`1.50` prints `1.5`),
 * 15 significant digits at most (a double's shortest text is then the written one), and within
 * [0.001, 10^7), where Java's Double.toString, JavaScript and Python all print plain notation (Java
 * writes `1.0E-4` and `1.23456785E7`). docs/aws-behaviour.md §54.
 */
function everyPrintedAlike(written: string): boolean {
  const m = /^-?(0|[1-9]\d{0,6})\.(\d*[1-9])$/.exec(written);
  if (!m) return false;
  const digits = `${m[1] === '0' ? '' : m[1]}${m[2]}`.replace(/^0+/, '');
  return digits.length <= 15 && Math.abs(Number(written)) >= 0.001 && String(Number(written)) === written;
}

/**
 * Whether two plain decimals (digits, one point, a sign; no exponent) are one number exactly:
 * `1.50` and `1.5`, `-0` and `0`; not `9007199254740993` and the `9007199254740992` a double holds.
 */
function sameDecimal(a: string, b: string): boolean {
  const norm = (t: string): string | undefined => {
    const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(t);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const whole = m[2]!.replace(/^0+/, '');
    const fraction = (m[3] ?? '').replace(/0+$/, '');
    const digits = `${whole || '0'}${fraction ? `.${fraction}` : ''}`;
    return digits === '0' || m[1] !== '-' ? digits : `-${digits}`;
  };
  const x = norm(a);
  return x !== undefined && x === norm(b);
}
