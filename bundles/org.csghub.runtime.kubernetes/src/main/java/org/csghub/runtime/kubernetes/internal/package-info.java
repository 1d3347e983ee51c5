/** The Kubernetes compute runtime: endpoints as Deployments or Knative Services; nothing here is exported. */
package org.csghub.runtime.kubernetes.internal;
