package corpus.app.rules;

import corpus.support.HeapDumps;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.Script;

/**
 * Leak through Groovy: a pricing rule engine evaluates each customer's discount rule, written as a
 * Groovy expression, with one shared {@link GroovyShell}. Each new rule text is compiled into a new
 * script class, and the shell's class loader keeps every class it defined: +400 classes per step,
 * each with Groovy's metadata.
 */
public final class RuleEngine {
  /** The shell every rule is evaluated with. */
  static final GroovyShell SHELL = new GroovyShell();

  static Object evaluate(String rule, int amount, String region) {
    Script script = SHELL.parse(rule);
    Binding binding = new Binding();
    binding.setVariable("amount", amount);
    binding.setVariable("region", region);
    script.setBinding(binding);
    return script.run();
  }

  public static void main(String[] args) {
    HeapDumps dumps = HeapDumps.from(args);
    int customers = 0;
    for (int dump = 1; dump <= 3; dump++) {
      for (int i = 0; i < 400; i++, customers++) {
        String rule =
            "amount > " + (100 + customers) + " && region == 'eu-" + customers % 7 + "' ? 5 : 0";
        evaluate(rule, 150 + i, "eu-" + i % 7);
      }
      dumps.take(dump);
    }
  }

  private RuleEngine() {}
}
