#!/usr/bin/env node
// Load a cucumber.json the way Cucumber report tools do and print, as JSON, what they made of it.
//
//   node tools/cucumber-consumer/consume.js path/to/cucumber.json [REPORT_DIR]
//
// 1. @cucumber/cucumber-json-converter (Cucumber's own) checks the file against the JSON schemas of the
//    Cucumber implementations (cucumber-js, cucumber-jvm, cucumber-ruby, behave) and names the one it matches.
// 2. multiple-cucumber-html-reporter renders its HTML report from the file (into REPORT_DIR when given, else
//    a temporary folder it then removes) and counts features, scenarios and steps by status.
// Exit 0 with the summary on stdout; exit 1 with the reason on stderr when either tool rejects the file.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { convert } = require('@cucumber/cucumber-json-converter');
const reporter = require('multiple-cucumber-html-reporter');

function fail(message) {
  process.stderr.write(`cucumber-consumer: ${message}\n`);
  process.exit(1);
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
    converted = convert(data);
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
    return summarize(converted, suite, {
      index: fs.existsSync(path.join(reportPath, 'index.html')),
      feature_pages: featurePages.length,
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
