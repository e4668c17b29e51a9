package corpus.app.rules;

import corpus.support.HeapDumps;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;

/**
 * Healthy, on Groovy: each rule is evaluated by a shell of its own, which is dropped after, so each
 * script class and its loader can be unloaded (the dumps' full collection unloads them). The same
 * 300 evaluations before each dump, after a warm-up of the same.
 */
public final class RuleChecks {
  static Object check(int customer, int amount) {
    GroovyShell shell = new GroovyShell(new Binding());
    shell.setVariable("amount", amount);
    return shell.evaluate("amount > " + (100 + customer) + " ? 5 : 0");
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    for (int i = 0; i < 300; i++) {
      check(i, 150 + i);
    }
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 300; i++) {
        check(i, 150 + i);
      }
      dumps.take(dump);
    }
  }

  private RuleChecks() {}
}
