package io.sluice.cli.infra;

import io.sluice.cli.config.Component;
import io.sluice.cli.process.LaunchSpec;
import java.io.IOException;

/** Prepares what a component needs on disk and says how to start it. */
@FunctionalInterface
public interface LaunchPreparer {

  LaunchSpec prepare(Component component) throws IOException;
}
