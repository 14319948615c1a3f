// docs/bad-input.md, rows SR (runs: noise, schedules, sweeps, ensembles), one test per row through the real
// binary: exact message line, exit status 1, nothing on stdout.
#include <gtest/gtest.h>

#include <string>

#include "core/test_bad_input_table.hpp"

namespace {

using namespace gradscape::testing;
using namespace gradscape::testing::bad_input;

void expectRunsSceneRejected(const std::string& id, const std::string& json, const std::string& message) {
  const ProcessResult result = runProcess({kBinary, "trace", "-"}, ProcessOptions::withStdin(json));
  expectRow(id, result, "", message, 1);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("SR1", SR1_NoiseSigma1) {
  expectRunsSceneRejected("SR1", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "noise": {"sigma": -1}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].noise.sigma: must be >= 0 (got -1))msg");
}

BAD_INPUT_ROW("SR2", SR2_NoiseSigma1Seed9007199254740992Past) {
  expectRunsSceneRejected("SR2", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "noise": {"sigma": 1, "seed": 9007199254740992}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].noise.seed: must be at most 9007199254740991 (got 9007199254740992))msg");
}

BAD_INPUT_ROW("SR3", SR3_NoiseSeed1WithoutSigma) {
  expectRunsSceneRejected("SR3", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "noise": {"seed": 1}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].noise: missing "sigma")msg");
}

BAD_INPUT_ROW("SR4", SR4_AnUnknownScheduleCosinelr) {
  expectRunsSceneRejected("SR4", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "schedule": {"name": "CosineLR"}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].schedule.name: unknown schedule 'CosineLR' (expected one of: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, CyclicLR, OneCycleLR))msg");
}

BAD_INPUT_ROW("SR5", SR5_SteplrWithoutItsRequiredStepSize) {
  expectRunsSceneRejected("SR5", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "schedule": {"name": "StepLR", "gamma": 0.5}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].schedule: StepLR needs "step_size")msg");
}

BAD_INPUT_ROW("SR6", SR6_AnArgumentOfAnotherClassEta) {
  expectRunsSceneRejected("SR6", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "schedule": {"name": "StepLR", "step_size": 3, "eta_min": 0}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].schedule.eta_min: unknown argument for StepLR (expected one of: step_size, gamma))msg");
}

BAD_INPUT_ROW("SR7", SR7_CycliclrCyclingTheMomentumOfAdam) {
  expectRunsSceneRejected("SR7", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": "adam", "schedule": {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.01}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].schedule: cycle_momentum: optimizer must support momentum with `cycle_momentum` option enabled (torch's refusal: adam has no momentum; set "cycle_momentum": false))msg");
}

BAD_INPUT_ROW("SR8", SR8_OnecyclelrWithTotalSteps100For) {
  expectRunsSceneRejected("SR8", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "schedule": {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].schedule: total_steps: 100 is fewer than the run's 200 iterations (torch raises once the steps pass total_steps))msg");
}

BAD_INPUT_ROW("SR9", SR9_LinearlrStartFactor2) {
  expectRunsSceneRejected("SR9", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "schedule": {"name": "LinearLR", "start_factor": 2}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].schedule: start_factor: expected to be between 0 and 1 (got 2))msg");
}

BAD_INPUT_ROW("SR10", SR10_OnecyclelrOnAdagradNeitherMomentumNor) {
  expectRunsSceneRejected("SR10", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": "adagrad", "schedule": {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 200}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].schedule: cycle_momentum: optimizer must support momentum with `cycle_momentum` option enabled (torch's refusal: adagrad has neither momentum nor betas; set "cycle_momentum": false))msg");
}

BAD_INPUT_ROW("SR11", SR11_ASweepOfAHyperparameterThe) {
  expectRunsSceneRejected("SR11", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": "adam", "sweep": {"param": "momentum", "from": 0, "to": 0.9, "count": 4}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].sweep.param: 'momentum' is not a numeric hyperparameter of adam (expected one of: lr, beta1, beta2, eps, weight_decay, start.x, start.y, noise.sigma))msg");
}

BAD_INPUT_ROW("SR12", SR12_SweepCount1001PastTheLimit) {
  expectRunsSceneRejected("SR12", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "sweep": {"param": "lr", "from": 0.001, "to": 0.1, "count": 1001}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].sweep.count: must be at most 1000 (got 1001))msg");
}

BAD_INPUT_ROW("SR13", SR13_TwoSweepsOf600Runs1200) {
  expectRunsSceneRejected("SR13", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "sweep": {"param": "lr", "from": 0.001, "to": 0.1, "count": 600}}, {"start": [1, 0], "sweep": {"param": "start.y", "from": 0, "to": 1, "count": 600}}]})json",
                          R"msg(gradscape: <stdin>: runs[1].sweep.count: too many runs (1200 with sweeps expanded; the limit is 1000))msg");
}

BAD_INPUT_ROW("SR14", SR14_ALogSweepFrom0) {
  expectRunsSceneRejected("SR14", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "sweep": {"param": "lr", "from": 0, "to": 0.1, "count": 5, "scale": "log"}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].sweep: a log sweep needs from > 0 and to > 0 (got 0, 0.1))msg");
}

BAD_INPUT_ROW("SR15", SR15_ASweepWhoseMemberTorchWould) {
  expectRunsSceneRejected("SR15", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "sweep": {"param": "lr", "from": -1, "to": 1, "count": 3}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].sweep: lr = -1: lr: must be >= 0 (got -1))msg");
}

BAD_INPUT_ROW("SR16", SR16_ARunWithBothASweep) {
  expectRunsSceneRejected("SR16", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "sweep": {"param": "lr", "from": 0.001, "to": 0.1, "count": 3}, "ensemble": {"count": 3, "spread": 0.1}}]})json",
                          R"msg(gradscape: <stdin>: runs[0]: a run has a "sweep" or an "ensemble", not both)msg");
}

BAD_INPUT_ROW("SR17", SR17_EnsembleCount0) {
  expectRunsSceneRejected("SR17", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "ensemble": {"count": 0, "spread": 0.1}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].ensemble.count: must be at least 1 (got 0))msg");
}

BAD_INPUT_ROW("SR18", SR18_TwoEnsemblesOf60000And) {
  expectRunsSceneRejected("SR18", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "ensemble": {"count": 60000, "spread": 0.1}}, {"start": [1, 0], "ensemble": {"count": 40001, "grid": true}}]})json",
                          R"msg(gradscape: <stdin>: runs[1].ensemble.count: too many particles (100001 in all; the limit is 100000))msg");
}

BAD_INPUT_ROW("SR19", SR19_EnsembleCount10WithNeitherSpread) {
  expectRunsSceneRejected("SR19", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "ensemble": {"count": 10}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].ensemble: missing "spread" (or "grid": true))msg");
}

BAD_INPUT_ROW("SR20", SR20_EnsembleCount10GridFalse) {
  expectRunsSceneRejected("SR20", R"json({"surface": "saddle", "runs": [{"start": [1, 0], "ensemble": {"count": 10, "grid": false}}]})json",
                          R"msg(gradscape: <stdin>: runs[0].ensemble.grid: expected true (or leave it out and give "spread" and "seed"))msg");
}
}  // namespace
