package org.csghub.engine.llamacpp.server;

import de.kherud.llama.InferenceParameters;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What to generate: the prompt text and the sampling options of an OpenAI request (unset: llama.cpp's default). */
record Generation(String prompt, OptionalInt maxTokens, OptionalDouble temperature, OptionalDouble topP,
                  OptionalLong seed, List<String> stop) {

    InferenceParameters toParameters() {
        InferenceParameters parameters = new InferenceParameters(prompt);
        maxTokens.ifPresent(parameters::setNPredict);
        temperature.ifPresent(value -> parameters.setTemperature((float) value));
        topP.ifPresent(value -> parameters.setTopP((float) value));
        // llama.cpp's seed is a uint32: keep the low 32 bits of whatever the client sent
        seed.ifPresent(value -> parameters.setSeed((int) value));
        if (!stop.isEmpty()) {
            parameters.setStopStrings(stop.toArray(String[]::new));
        }
        return parameters;
    }
}
