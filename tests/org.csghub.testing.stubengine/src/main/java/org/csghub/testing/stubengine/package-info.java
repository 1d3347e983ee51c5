/** The stub engine's server: an OpenAI-compatible endpoint on the JDK's HTTP server, run as its own process. */
package org.csghub.testing.stubengine;
