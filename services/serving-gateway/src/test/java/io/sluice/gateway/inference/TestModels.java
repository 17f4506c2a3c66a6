package io.sluice.gateway.inference;

import io.sluice.events.ArtifactRef;
import io.sluice.gateway.IrisModel;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.config.GatewayConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Real ONNX Runtime sessions of the Iris model, for tests that need a loaded version. */
public final class TestModels {

  private static final ModelLoader LOADER = new ModelLoader(config());

  private TestModels() {}

  public static GatewayConfig config() {
    return config(ExecutionProvider.CPU);
  }

  /** The test configuration with ONNX Runtime asked for {@code provider}. */
  public static GatewayConfig config(ExecutionProvider provider) {
    return new GatewayConfig() {
      @Override
      public Onnx onnx() {
        return new Onnx() {
          @Override
          public ExecutionProvider executionProvider() {
            return provider;
          }

          @Override
          public int cudaDevice() {
            return 0;
          }
        };
      }

      @Override
      public int maxBatchSize() {
        return 16;
      }

      @Override
      public int warmupBatchSize() {
        return 4;
      }

      @Override
      public long maxModelBytes() {
        return 1 << 20;
      }

      @Override
      public int intraOpThreads() {
        return 1;
      }

      @Override
      public Optional<Set<String>> openModels() {
        return Optional.empty();
      }

      @Override
      public Promotion promotion() {
        return new Promotion() {
          @Override
          public Duration pollInterval() {
            return Duration.ofSeconds(2);
          }

          @Override
          public Duration lease() {
            return Duration.ofMinutes(10);
          }
        };
      }
    };
  }

  public static ModelLoader loader() {
    return LOADER;
  }

  public static ModelVersion iris(String name, int version) {
    return new ModelVersion(
        name,
        version,
        new ArtifactRef(
            "s3://artifacts/" + name + "/" + version + "/model.onnx", IrisModel.sha256()),
        IrisModel.signature());
  }

  public static ServedModel loaded(ModelVersion version) {
    try {
      return LOADER.load(version, IrisModel.onnx());
    } catch (UnusableArtifactException e) {
      throw new IllegalStateException(e);
    }
  }
}
