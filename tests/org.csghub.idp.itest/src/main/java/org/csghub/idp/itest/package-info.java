/** In-framework tests of the login plugins. */
package org.csghub.idp.itest;
