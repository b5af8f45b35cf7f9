# Shared by every function's Makefile (snapshot-fn/, ami-fn/, cleanup-fn/), which
# sets MODULE, includes this file and maps its build-<LogicalId> targets to
# lambda-package.
#
# SAM's own Maven builder copies CodeUri to a scratch directory, where the parent
# POM and the shared module above it cannot be resolved (aws-sam-cli issue 2289).
# So this runs the root reactor for the module and what it depends on, then ships
# the jars that the module's package phase collects in target/lambda/lib: the
# Lambda Java runtime puts $(ARTIFACTS_DIR)/lib/*.jar on the classpath.
#
# SAM runs make with --makefile pointing at the function's Makefile in the source
# tree, whether it builds in a scratch copy or in source, so every path is derived
# from this file's own location and the working directory does not matter.

ifndef MODULE
$(error set MODULE before including lambda.mk)
endif
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
LIB_DIR := $(ROOT)/$(MODULE)/target/lambda/lib
# What the package phase copies before lambda-trim trims it into LIB_DIR (docs/packaging.md):
# emptied first, so that a jar of an older version cannot ship. lambda-trim empties LIB_DIR itself,
# and skips its 20 s when these jars are the ones it last trimmed.
FULL_LIB_DIR := $(ROOT)/$(MODULE)/target/lambda-full/lib

# The Maven wrapper pins the Maven version; plain mvn is only a fallback.
MVN := $(if $(wildcard $(ROOT)/mvnw),sh ./mvnw,mvn)

# `sam build --parallel` would run several of these targets at once against the
# same target/ directories (shared/ in particular). flock (util-linux), where
# present, serialises them on the repository directory.
LOCK := $(if $(shell command -v flock 2>/dev/null),flock "$(ROOT)",)

.PHONY: lambda-package

lambda-package:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run this through 'sam build'" >&2; exit 2; }
	@echo "$(MODULE): $(MVN) -pl $(MODULE) -am package -> $(ARTIFACTS_DIR)/lib"
	@cd "$(ROOT)" && $(LOCK) sh -ec '\
	  rm -rf "$(FULL_LIB_DIR)"; \
	  $(MVN) -q -B -pl $(MODULE) -am -DskipTests package; \
	  if ! ls "$(LIB_DIR)"/*.jar >/dev/null 2>&1; then \
	    echo "no jars in $(LIB_DIR): the $(MODULE) package phase must put its jar and runtime dependencies there" >&2; \
	    exit 1; \
	  fi; \
	  mkdir -p "$(ARTIFACTS_DIR)/lib"; \
	  cp "$(LIB_DIR)"/*.jar "$(ARTIFACTS_DIR)/lib/"'
