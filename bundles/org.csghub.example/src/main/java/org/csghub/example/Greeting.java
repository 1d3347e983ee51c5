package org.csghub.example;

/**
 * @param name    who was greeted
 * @param message the greeting itself
 */
public record Greeting(String name, String message) {
}
