#!/usr/bin/env node
// Load a cucumber.json the way Cucumber report tools do and print, as JSON, what they made of it.
//
//   node tools/cucumber-consumer/consume.js path/to/cucumber.json [REPORT_DIR]
//
// 1. @cucumber/cucumber-json-converter (Cucumber's own) checks the file against the JSON schemas of the
//    Cucumber implementations (cucumber-js, cucumber-jvm, cucumber-ruby, behave) and names the one it matches.
//    Its schemas (0.0.3, its latest) have no step `embeddings`, though cucumber-js, cucumber-jvm and
//    cucumber-ruby all write them; so it is given the file without them, and they are checked here for the
//    shape cucumber-js writes: [{data: base64, mime_type}].
// 2. multiple-cucumber-html-reporter renders its HTML report from the file (into REPORT_DIR when given, else
//    a temporary folder it then removes) and counts features, scenarios and steps by status; the summary
//    also says which tags and screenshots (by SHA-256 of the PNG) it gave each scenario and how many its
//    pages show.
// Exit 0 with the summary on stdout; exit 1 with the reason on stderr when either tool rejects the file.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { convert } = require('@cucumber/cucumber-json-converter');
const reporter = require('multiple-cucumber-html-reporter');

function fail(message) {
  process.stderr.write(`cucumber-consumer: ${message}\n`);
  process.exit(1);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function withoutEmbeddings(features) {
  const copy = structuredClone(features);
  for (const [f, feature] of (Array.isArray(copy) ? copy : []).entries()) {
    for (const [e, element] of (Array.isArray(feature.elements) ? feature.elements : []).entries()) {
      for (const [s, step] of (Array.isArray(element.steps) ? element.steps : []).entries()) {
        if (!('embeddings' in step)) continue;
        const where = `[${f}].elements[${e}].steps[${s}].embeddings`;
        if (!Array.isArray(step.embeddings)) fail(`${where} is not a list`);
        step.embeddings.forEach((embedding, i) => {
          const keys = Object.keys(embedding).sort().join(',');
          if (keys !== 'data,mime_type' || typeof embedding.mime_type !== 'string'
              || typeof embedding.data !== 'string' || embedding.data.length % 4 !== 0 || !BASE64.test(embedding.data)) {
            fail(`${where}[${i}] is not {data: base64, mime_type} as cucumber-js writes an embedding`);
          }
        });
        delete step.embeddings;
      }
    }
  }
  return copy;
}

function consume(file, reportDir) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file} as JSON: ${error.message}`);
  }
  let converted;
  try {
    converted = convert(withoutEmbeddings(data));
  } catch (error) {
    fail(`${file} is not Cucumber JSON of any known implementation:\n${error.message.slice(0, 4000)}`);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cucumber-consumer-'));
  try {
    const jsonDir = path.join(work, 'json');
    fs.mkdirSync(jsonDir);
    fs.copyFileSync(file, path.join(jsonDir, 'cucumber.json'));
    const reportPath = reportDir ? path.resolve(reportDir) : path.join(work, 'report');
    reporter.generate({
      jsonDir,
      reportPath,
      saveCollectedJSON: true,
      disableLog: true,
      displayDuration: true,
      staticFilePath: true,
      reportName: 'ibkey-conformance',
    });
    const suite = JSON.parse(fs.readFileSync(path.join(reportPath, 'enriched-output.json'), 'utf8'));
    const featurePages = fs.readdirSync(path.join(reportPath, 'features')).filter((name) => name.endsWith('.html'));
    const pages = featurePages.map((name) => fs.readFileSync(path.join(reportPath, 'features', name), 'utf8')).join('');
    return summarize(converted, suite, {
      index: fs.existsSync(path.join(reportPath, 'index.html')),
      feature_pages: featurePages.length,
      screenshots: (pages.match(/<img class="screenshot" src="data:image\/png;base64,/g) || []).length,
      tags: [...new Set([...pages.matchAll(/<span class="tag">([^<]*)<\/span>/g)].map((match) => match[1]))].sort(),
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function scenarioStatus(scenario) {
  // The reporter's own precedence (generate-report.js _parseScenarios).
  if (scenario.failed > 0) return 'failed';
  if (scenario.ambiguous > 0) return 'ambiguous';
  if (scenario.notDefined > 0) return 'undefined';
  if (scenario.pending > 0) return 'pending';
  if (scenario.skipped > 0) return 'skipped';
  if (scenario.passed > 0) return 'passed';
  return 'uncounted';
}

function sha256OfDataUri(uri) {
  const data = Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
  return crypto.createHash('sha256').update(data).digest('hex');
}

function summarize(converted, suite, html) {
  const steps = { passed: 0, failed: 0, skipped: 0, pending: 0, undefined: 0 };
  const scenarios = [];
  for (const feature of suite.features) {
    for (const element of feature.elements || []) {
      if (element.type === 'background') continue;
      for (const key of Object.keys(steps)) {
        steps[key] += element[key === 'undefined' ? 'notDefined' : key] || 0;
      }
      scenarios.push({
        feature: feature.uri,
        name: element.name,
        status: scenarioStatus(element),
        steps: element.steps.filter((step) => !step.hidden).length,
        tags: (element.tags || []).map((tag) => tag.name),
        screenshots: element.steps.filter((step) => !step.hidden).map((step) => (step.image || []).map(sha256OfDataUri)),
        error_messages: element.steps
          .filter((step) => step.result && step.result.error_message)
          .map((step) => step.result.error_message),
      });
    }
  }
  return {
    implementation: converted.implementation,
    features: {
      total: suite.featureCount.total,
      passed: suite.featureCount.passed,
      failed: suite.featureCount.failed,
      skipped: suite.featureCount.skipped,
    },
    scenarios_counted: {
      total: suite.scenarios.total,
      passed: suite.scenarios.passed,
      failed: suite.scenarios.failed,
      skipped: suite.scenarios.skipped,
      pending: suite.scenarios.pending,
      undefined: suite.scenarios.notDefined,
    },
    steps,
    scenarios,
    html,
  };
}

if (require.main === module) {
  const [file, reportDir] = process.argv.slice(2);
  if (!file) fail('usage: node consume.js path/to/cucumber.json [REPORT_DIR]');
  process.stdout.write(JSON.stringify(consume(file, reportDir), null, 2) + '\n');
}
