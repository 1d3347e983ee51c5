/** In-framework tests of the accelerator bundles. */
package org.csghub.accelerator.itest;
