using AccessBroker.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessBroker.Persistence.Configurations;

internal static class PersonMapping
{
    public static void MapPerson(this ComplexPropertyBuilder<Person> person, string prefix)
    {
        person.Property(p => p.Subject).HasColumnName(prefix + "Subject").HasMaxLength(256);
        person.Property(p => p.Name).HasColumnName(prefix + "Name").HasMaxLength(256);
        person.Property(p => p.Email).HasColumnName(prefix + "Email").HasMaxLength(320);
        person.Property(p => p.Groups).HasColumnName(prefix + "Groups").HasJsonConversion();
    }
}
