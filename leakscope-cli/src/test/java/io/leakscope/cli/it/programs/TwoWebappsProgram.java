package io.leakscope.cli.it.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two web applications in one container, each in a class loader of its own, each with lambdas
 * (hidden classes, which their call sites hold and no loader lists) and a static cache; the first
 * one's cache is the leak. Paths still start at the applications' static fields.
 */
public final class TwoWebappsProgram {
  /** Pages cached by the first application, and by the second. */
  public static final int FIRST = 3_000;

  public static final int SECOND = 300;

  /** The container's applications, by their loaders, as a servlet container keeps them. */
  static final List<ClassLoader> WEBAPPS = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    deploy(WebappOne.class, FIRST);
    deploy(WebappTwo.class, SECOND);
    CommandLoop.readyThenServe(Map.of());
  }

  private static void deploy(Class<?> webapp, int pages) throws Exception {
    ClassLoader loader = new PlantedLeaksProgram.IsolatingLoader(webapp);
    WEBAPPS.add(loader);
    loader.loadClass(webapp.getName()).getMethod("fill", int.class).invoke(null, pages);
  }

  private TwoWebappsProgram() {}
}
